# Approved registries: images come only from registries and namespaces the organization trusts.

package policygate.circleci.rules.image_registry_allowed

import rego.v1

import data.policygate.circleci.lib
import data.policygate.circleci.settings.settings

__policy_metadata__ := {
	"name": "Images come from approved registries",
	"category": "supply-chain",
	"severity": "medium",
	"description": "Every docker image of a job, executors and orb jobs included, starts with an allowed prefix, comes from an allowed registry host, or is a Docker Hub official image (when allowed).",
	"remediation": "Use an image from an approved registry, or add its registry to allowed_registries / allowed_image_prefixes in the pack settings.",
}

violations contains msg if {
	some [job, image] in lib.images
	not contains(image, "<<")
	not allowed(image)
	msg := sprintf("Job '%s' uses image '%s' from registry '%s', which is not approved. Approved: %s.", [job, image, lib.image_parts(image).registry, approved])
}

allowed(image) if {
	some prefix in settings.allowed_image_prefixes
	startswith(image, prefix)
}

allowed(image) if lib.image_parts(image).registry in settings.allowed_registries

# Docker Hub's official images have no namespace: node:20, docker.io/library/node:20.
allowed(image) if {
	settings.allow_docker_official_images == true
	p := lib.image_parts(image)
	p.registry == "docker.io"
	official(p.path)
}

official(path) if not contains(path, "/")

official(path) if startswith(path, "library/")

approved := concat(", ", array.concat(
	[sprintf("%s*", [p]) | some p in settings.allowed_image_prefixes],
	array.concat(settings.allowed_registries, [x | settings.allow_docker_official_images == true; x := "Docker Hub official images"]),
))

hard_fail contains {"rule": "image_registry_allowed", "reason": reason} if {
	lib.level("image_registry_allowed") == "hard"
	some reason in violations
}

soft_fail contains {"rule": "image_registry_allowed", "reason": reason} if {
	lib.level("image_registry_allowed") == "soft"
	some reason in violations
}
