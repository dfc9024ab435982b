# policies/security/secrets.rego
# Checks for potential hardcoded secrets in configuration.

package org

import future.keywords

# Policy metadata for documentation and filtering
__policy_metadata__ := {
    "name": "No Hardcoded Secrets",
    "category": "security",
    "severity": "critical",
    "description": "Prevents hardcoded secrets in pipeline configuration",
    "remediation": "Use CircleCI contexts or project environment variables"
}

# Patterns that might indicate hardcoded secrets
secret_patterns := [
    "(?i)api[_-]?key\\s*[:=]\\s*['\"][^'\"]+['\"]",
    "(?i)password\\s*[:=]\\s*['\"][^'\"]+['\"]",
    "(?i)secret\\s*[:=]\\s*['\"][^'\"]+['\"]",
    "(?i)token\\s*[:=]\\s*['\"][^'\"]+['\"]"
]

hard_fail contains decision if {
    some job_name, job in input.jobs
    some step in job.steps

    command := get_command(step)
    command != null

    some pattern in secret_patterns
    regex.match(pattern, command)

    decision := {
        "rule": "no_hardcoded_secrets",
        "reason": sprintf("Job '%s' may contain hardcoded secrets. Use environment variables or contexts.", [job_name])
    }
}
