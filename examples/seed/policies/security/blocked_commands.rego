# policies/security/blocked_commands.rego
# Prevents execution of dangerous commands in pipeline steps.
# Blocks sudo usage, curl piping to shell, and other risky patterns.

package org

import future.keywords

# Patterns that should never appear in run commands
blocked_patterns := [
    "curl.*|.*sh",
    "wget.*|.*sh",
    "sudo",
    "chmod 777",
    "rm -rf /",
    "--no-verify"
]

# Extract the command string from a step
get_command(step) := step.run if is_object(step)
get_command(step) := step if is_string(step)

# Check if a command matches any blocked pattern
command_is_blocked(command) if {
    some pattern in blocked_patterns
    regex.match(pattern, command)
}

# Evaluate all steps in all jobs for blocked patterns
hard_fail contains decision if {
    some job_name, job in input.jobs
    some step in job.steps

    command := get_command(step)
    command != null
    command_is_blocked(command)

    decision := {
        "rule": "blocked_commands",
        "reason": sprintf("Job '%s' contains a blocked command pattern. Review step: %s", [job_name, command])
    }
}
