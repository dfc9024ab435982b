# policies/standards/resource_limits.rego
# Restricts resource classes to prevent excessive compute costs.
# Teams requiring larger instances must request exceptions.

package org

import future.keywords

# Resource classes allowed for standard projects
allowed_resource_classes := {
    "small",
    "medium",
    "medium+"
}

# Check each job's resource class against the allowed list
hard_fail contains decision if {
    some job_name, job in input.jobs

    # Get the resource class, defaulting to medium if not specified
    resource_class := object.get(job, "resource_class", "medium")

    # Fail if the resource class is not in the allowed set
    not resource_class in allowed_resource_classes

    decision := {
        "rule": "resource_class_limit",
        "reason": sprintf("Job '%s' uses resource class '%s'. Allowed classes: %v", [job_name, resource_class, allowed_resource_classes])
    }
}
