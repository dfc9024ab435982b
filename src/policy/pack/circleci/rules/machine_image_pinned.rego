# Machine images pinned: `machine: true`, `image: default` and `:current`/`:edge` tags change the
# VM under the build every few months.

package policygate.circleci.rules.machine_image_pinned

import rego.v1

import data.policygate.circleci.lib
import data.policygate.circleci.settings.settings

__policy_metadata__ := {
	"name": "Machine images are pinned",
	"category": "supply-chain",
	"severity": "low",
	"description": "Every machine executor names a dated image (ubuntu-2204:2024.01.1), not machine: true, default, or a :current / :edge tag.",
	"remediation": "Pin the image to a dated release listed in CircleCI's machine image docs, and update it deliberately.",
}

violations contains msg if {
	some name, job in lib.jobs
	why := problem(job.machine)
	msg := sprintf("Job '%s' %s; pin a dated machine image such as ubuntu-2204:2024.01.1.", [name, why])
}

problem(m) := "uses machine: true, the default image, which changes" if m == true

problem(m) := sprintf("uses machine image '%s', which changes", [m.image]) if {
	is_string(m.image)
	mutable(m.image)
}

problem(m) := "uses a machine executor without an image, the default one, which changes" if {
	is_object(m)
	not m.image
}

mutable(image) if image in settings.mutable_machine_images

mutable(image) if {
	some tag in settings.mutable_machine_images
	endswith(image, concat("", [":", tag]))
}

hard_fail contains {"rule": "machine_image_pinned", "reason": reason} if {
	lib.level("machine_image_pinned") == "hard"
	some reason in violations
}

soft_fail contains {"rule": "machine_image_pinned", "reason": reason} if {
	lib.level("machine_image_pinned") == "soft"
	some reason in violations
}
