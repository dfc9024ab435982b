# policies/security/require_scanning.rego
# Mandates security scanning in workflows that deploy to production.
# Helps catch vulnerabilities before they reach production environments.

package org

import future.keywords

# List of job names that indicate a deployment
deployment_indicators := ["deploy", "release", "publish", "prod"]

# Check if a job name suggests it's a deployment job
is_deployment_job(job_name) if {
    some indicator in deployment_indicators
    contains(lower(job_name), indicator)
}

# List of job names or step commands that indicate security scanning
security_scan_indicators := ["snyk", "trivy", "grype", "security-scan", "vulnerability"]

# Check if the workflow contains any security scanning
workflow_has_security_scan(workflow) if {
    some job_ref in workflow.jobs

    # Handle both string job names and object job references
    job_name := get_job_name(job_ref)

    some indicator in security_scan_indicators
    contains(lower(job_name), indicator)
}

# Extract job name from either string or object format
get_job_name(job_ref) := job_ref if is_string(job_ref)
get_job_name(job_ref) := name if {
    is_object(job_ref)
    some name, _ in job_ref
}

# Fail if a workflow has deployment but no security scan
hard_fail contains decision if {
    some workflow_name, workflow in input.workflows

    # Check if workflow has deployment jobs
    some job_ref in workflow.jobs
    job_name := get_job_name(job_ref)
    is_deployment_job(job_name)

    # Verify no security scan exists
    not workflow_has_security_scan(workflow)

    decision := {
        "rule": "require_security_scan",
        "reason": sprintf("Workflow '%s' contains deployment jobs but no security scan. Add a security scanning job before deployment.", [workflow_name])
    }
}
