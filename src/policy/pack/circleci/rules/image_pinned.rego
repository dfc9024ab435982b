# Images pinned: a job's images must not float with a mutable tag (or, optionally, must be pinned
# by digest), or the code that runs changes without a change to the config.

package policygate.circleci.rules.image_pinned

import rego.v1

import data.policygate.circleci.lib
import data.policygate.circleci.settings.settings

__policy_metadata__ := {
	"name": "Docker images are pinned",
	"category": "supply-chain",
	"severity": "high",
	"description": "Every docker image of a job has a version tag other than a mutable one such as latest (or, with image_pinning = digest, an @sha256 digest). An image without a tag is :latest.",
	"remediation": "Pin the image to a version tag (cimg/node:20.11.1) or a digest (cimg/node@sha256:…).",
}

violations contains msg if {
	some [job, image] in lib.images
	not contains(image, "<<")
	p := lib.image_parts(image)
	why := problem(p)
	msg := sprintf("Job '%s' uses image '%s', %s; pin it to %s.", [job, image, why, wanted])
}

wanted := "an @sha256 digest" if settings.image_pinning == "digest"

wanted := "a version tag" if settings.image_pinning != "digest"

problem(p) := "which has no tag, so it is :latest" if {
	p.digest == ""
	p.tag == ""
} else := sprintf("whose tag '%s' moves", [p.tag]) if {
	p.digest == ""
	p.tag in settings.mutable_image_tags
} else := "which is not pinned by digest" if {
	settings.image_pinning == "digest"
	p.digest == ""
}

hard_fail contains {"rule": "image_pinned", "reason": reason} if {
	lib.level("image_pinned") == "hard"
	some reason in violations
}

soft_fail contains {"rule": "image_pinned", "reason": reason} if {
	lib.level("image_pinned") == "soft"
	some reason in violations
}
