# no_output_timeout within bounds: a long one lets a hung step burn credits for hours; one too
# short kills healthy builds; one CircleCI cannot parse is an error at run time.

package policygate.circleci.rules.no_output_timeout_bounds

import rego.v1

import data.policygate.circleci.lib
import data.policygate.circleci.settings.settings

__policy_metadata__ := {
	"name": "no_output_timeout within bounds",
	"category": "cost",
	"severity": "low",
	"description": "Every run step's no_output_timeout is a duration (10m, 1.5h, 90s) between no_output_timeout.min and no_output_timeout.max (30s and 30m by default).",
	"remediation": "Set no_output_timeout within the bounds; make a quiet long step print progress instead of raising it.",
}

violations contains msg if {
	some s in lib.run_steps
	t := s.run.no_output_timeout
	not contains(sprintf("%v", [t]), "<<")
	why := problem(t)
	msg := sprintf("Job '%s' step %s has no_output_timeout %v, %s.", [s.job, s.step, t, why])
}

problem(t) := "which is not a duration such as 10m" if not duration(t)

problem(t) := sprintf("above the maximum %s", [settings.no_output_timeout.max]) if duration(t) > time.parse_duration_ns(settings.no_output_timeout.max)

problem(t) := sprintf("below the minimum %s", [settings.no_output_timeout.min]) if duration(t) < time.parse_duration_ns(settings.no_output_timeout.min)

duration(t) := time.parse_duration_ns(t) if is_string(t)

hard_fail contains {"rule": "no_output_timeout_bounds", "reason": reason} if {
	lib.level("no_output_timeout_bounds") == "hard"
	some reason in violations
}

soft_fail contains {"rule": "no_output_timeout_bounds", "reason": reason} if {
	lib.level("no_output_timeout_bounds") == "soft"
	some reason in violations
}
