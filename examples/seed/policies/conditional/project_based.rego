# policies/conditional/project_based.rego
# Applies stricter policies to production projects.

package org

import future.keywords

# Production project identifiers - add your project slugs
production_projects := {
    "gh/my-org/payment-service",
    "gh/my-org/user-service",
    "gh/my-org/api-gateway"
}

# Check if current project is production-critical
is_production_project if {
    input._project_slug in production_projects
}

# Only enforce strict branch protection for production projects
hard_fail contains decision if {
    is_production_project

    some workflow_name, workflow in input.workflows

    # Check for deployments without branch filters
    some job_ref in workflow.jobs
    is_object(job_ref)

    some job_name, job_config in job_ref
    is_deployment_job(job_name)

    # Verify branch filter exists
    not object.get(job_config, "filters", null)

    decision := {
        "rule": "production_branch_protection",
        "reason": sprintf("Production project deployment '%s' must have branch filters", [job_name])
    }
}
