# Orbs resolved: an orb policygate could not load was not compiled in, so its jobs, commands and
# executors were not checked by any rule. Fail closed, softly.

package policygate.circleci.rules.orbs_resolved

import rego.v1

import data.policygate.circleci.lib

__policy_metadata__ := {
	"name": "Every orb was resolved and checked",
	"category": "coverage",
	"severity": "medium",
	"description": "policygate compiled the config with every orb's source, so the rules saw what each orb runs. An orb missing from the orb directories, or a config that did not compile, leaves parts unchecked.",
	"remediation": "Add the orb's packed source to an --orb-dir (or ~/.cache/policygate/orbs), or fix the compile error shown.",
}

violations contains msg if {
	some orb in input._policygate_.unresolved_orbs
	msg := sprintf("Orb %s could not be resolved, so what it runs was not checked. Provide its source with --orb-dir.", [orb])
}

violations contains msg if {
	some e in input._policygate_.compile_errors
	msg := sprintf("The config did not compile completely (%v), so parts of it were not checked.", [object.get(e, "message", e)])
}

hard_fail contains {"rule": "orbs_resolved", "reason": reason} if {
	lib.level("orbs_resolved") == "hard"
	some reason in violations
}

soft_fail contains {"rule": "orbs_resolved", "reason": reason} if {
	lib.level("orbs_resolved") == "soft"
	some reason in violations
}
