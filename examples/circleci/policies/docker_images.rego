# Jobs may only use Docker images from approved registries. Reads the compiled config, where
# executors, orb jobs and parameters are already expanded, so nothing hides an image.
package org

import future.keywords

policy_name["docker_images"]

approved_prefixes := ["cimg/", "circleci/", "docker.io/library/", "gcr.io/my-org/"]

image_approved(image) if {
	some prefix in approved_prefixes
	startswith(image, prefix)
}

approved_docker_images contains reason if {
	some job_name, job in input._compiled_.jobs
	some executor in job.docker
	not image_approved(executor.image)
	reason := sprintf("Job '%s' uses unapproved image '%s'.", [job_name, executor.image])
}

enable_hard["approved_docker_images"]
