# policies/security/docker_images.rego
# Policy to enforce approved Docker images in CircleCI configurations.
# Prevents teams from using arbitrary images that might contain vulnerabilities.

package org

import future.keywords

# Define the list of approved Docker image prefixes
approved_prefixes := [
    "cimg/",
    "circleci/",
    "docker.io/library/",
    "gcr.io/my-org/"
]

# Helper function to check if an image starts with an approved prefix
image_approved(image) if {
    some prefix in approved_prefixes
    startswith(image, prefix)
}

# Main rule that evaluates all jobs in the configuration
# Returns a hard_fail decision if any job uses an unapproved image
hard_fail contains decision if {
    # Iterate through all jobs in the config
    some job_name, job in input.jobs

    # Check if the job uses a docker executor
    some executor in job.docker

    # Verify the image is not in our approved list
    not image_approved(executor.image)

    # Create the decision object with details about the violation
    decision := {
        "rule": "approved_docker_images",
        "reason": sprintf("Job '%s' uses unapproved image '%s'. Use images from approved registries.", [job_name, executor.image])
    }
}
