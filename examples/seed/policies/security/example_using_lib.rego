# policies/security/example_using_lib.rego

package org

import future.keywords
import data.lib.helpers

hard_fail contains decision if {
    some job_name, job in input.jobs
    helpers.uses_docker_executor(job)

    some step in helpers.get_all_steps(job)
    command := helpers.get_step_command(step)
    command != null

    helpers.matches_any_pattern(command, ["rm -rf", "sudo"])

    decision := {
        "rule": "dangerous_commands",
        "reason": sprintf("Job '%s' contains potentially dangerous command", [job_name])
    }
}
