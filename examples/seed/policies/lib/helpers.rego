# policies/lib/helpers.rego
# Common helper functions used across multiple policies.

package lib.helpers

import future.keywords

# Extract job name from various formats
get_job_name(ref) := ref if is_string(ref)
get_job_name(ref) := name if {
    is_object(ref)
    count(ref) == 1
    some name, _ in ref
}

# Get command from step in various formats
get_step_command(step) := step if is_string(step)
get_step_command(step) := step.run if {
    is_object(step)
    step.run
    is_string(step.run)
}
get_step_command(step) := step.run.command if {
    is_object(step)
    is_object(step.run)
    step.run.command
}

# Check if a string contains any pattern from a list
matches_any_pattern(str, patterns) if {
    some pattern in patterns
    contains(lower(str), pattern)
}

# Get all steps from a job, handling various formats
get_all_steps(job) := steps if {
    steps := object.get(job, "steps", [])
}

# Check if job uses Docker executor
uses_docker_executor(job) if {
    job.docker
    count(job.docker) > 0
}
