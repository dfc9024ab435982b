# The seed's "Policy Decision Types" and "Rolling Out Policies Gradually" snippets as one policy
# file. The snippets call two helpers the seed never defines (has_required_step,
# uses_deprecated_image) and one from docker_images.rego (image_approved); they are defined
# below so that this directory is a bundle of its own:
#   policygate decide examples/seed/snippets --input examples/seed/test/fixtures/invalid_config.yml

package org

import future.keywords

# Returns a hard failure - pipeline will not run
hard_fail contains decision if {
    # condition that must be true for failure
    some job_name, job in input.jobs
    not has_required_step(job)

    decision := {
        "rule": "required_steps",
        "reason": sprintf("Job '%s' missing required step", [job_name])
    }
}

# Returns a soft failure - pipeline runs but violation is logged
soft_fail contains decision if {
    some job_name, job in input.jobs
    uses_deprecated_image(job)

    decision := {
        "rule": "deprecated_images",
        "reason": sprintf("Job '%s' uses a deprecated image. Consider upgrading.", [job_name])
    }
}

# During rollout, use soft_fail instead of hard_fail
soft_fail contains decision if {
    # Same conditions as hard_fail
    some job_name, job in input.jobs
    not image_approved(job.docker[0].image)

    decision := {
        "rule": "approved_docker_images_preview",
        "reason": sprintf("PREVIEW: Job '%s' would fail with new image policy", [job_name])
    }
}

# --- helpers the snippets need (not in the seed) ---

# Every job must check out the code.
has_required_step(job) if {
    some step in job.steps
    step == "checkout"
}

# The legacy circleci/ convenience images are deprecated in favour of cimg/.
uses_deprecated_image(job) if {
    some executor in job.docker
    startswith(executor.image, "circleci/")
}

approved_prefixes := ["cimg/", "circleci/", "docker.io/library/", "gcr.io/my-org/"]

image_approved(image) if {
    some prefix in approved_prefixes
    startswith(image, prefix)
}
