# Orbs pinned to an exact version: `@volatile`, `dev:` and major-only versions change what a
# pipeline runs without a change to its config.

package policygate.circleci.rules.orb_version_pinned

import rego.v1

import data.policygate.circleci.lib

__policy_metadata__ := {
	"name": "Orbs are pinned to an exact version",
	"category": "supply-chain",
	"severity": "high",
	"description": "Every orb is imported as namespace/name@X.Y.Z. @volatile (the latest release), dev: versions (mutable, and deleted after 90 days), a missing version and a major or major.minor version all float.",
	"remediation": "Pin the exact version, e.g. circleci/node@5.2.0, and update it deliberately (Dependabot and Renovate can).",
}

violations contains msg if {
	some alias, ref in object.get(input, "orbs", {})
	is_string(ref)
	why := problem(ref)
	msg := sprintf("Orb '%s' (%s) %s; pin it to an exact version such as %s@1.2.3.", [alias, ref, why, split(ref, "@")[0]])
}

# One problem per orb, the most telling first (a reference can be both dev: and parameterised).
problem(ref) := "takes its version from a pipeline parameter" if {
	contains(ref, "<<")
} else := "is not pinned to a version" if {
	not contains(ref, "@")
} else := "uses @volatile, the latest release whatever it is" if {
	endswith(ref, "@volatile")
} else := "uses a dev: version, which is mutable and expires" if {
	contains(ref, "@dev:")
} else := sprintf("is pinned to %s only, which floats to newer releases", [v]) if {
	v := split(ref, "@")[1]
	regex.match(`^[0-9]+(\.[0-9]+)?$`, v)
}

hard_fail contains {"rule": "orb_version_pinned", "reason": reason} if {
	lib.level("orb_version_pinned") == "hard"
	some reason in violations
}

soft_fail contains {"rule": "orb_version_pinned", "reason": reason} if {
	lib.level("orb_version_pinned") == "soft"
	some reason in violations
}
