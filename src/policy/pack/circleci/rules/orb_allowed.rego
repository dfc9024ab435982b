# Orb allowlist: an orb runs its author's code in your jobs, with your contexts' secrets.

package policygate.circleci.rules.orb_allowed

import rego.v1

import data.policygate.circleci.lib
import data.policygate.circleci.settings.settings

__policy_metadata__ := {
	"name": "Only approved orbs",
	"category": "supply-chain",
	"severity": "high",
	"description": "Every orb is in allowed_orbs (by namespace/name) or in an allowed namespace; inline orbs are allowed when allow_inline_orbs is true. An orb whose name comes from a parameter cannot be checked and is not allowed.",
	"remediation": "Use an approved orb, or have it reviewed and added to allowed_orbs / allowed_orb_namespaces in the pack settings.",
}

violations contains msg if {
	some alias, ref in object.get(input, "orbs", {})
	is_string(ref)
	name := split(ref, "@")[0]
	not allowed(name)
	msg := sprintf("Orb '%s' (%s) is not approved. Approved: namespaces %v, orbs %v.", [alias, ref, settings.allowed_orb_namespaces, settings.allowed_orbs])
}

violations contains msg if {
	some alias, ref in object.get(input, "orbs", {})
	is_object(ref)
	settings.allow_inline_orbs != true
	msg := sprintf("Orb '%s' is defined inline, and inline orbs are not allowed; publish it as a private orb.", [alias])
}

allowed(name) if {
	not contains(name, "<<")
	name in settings.allowed_orbs
}

allowed(name) if {
	not contains(name, "<<")
	split(name, "/")[0] in settings.allowed_orb_namespaces
}

hard_fail contains {"rule": "orb_allowed", "reason": reason} if {
	lib.level("orb_allowed") == "hard"
	some reason in violations
}

soft_fail contains {"rule": "orb_allowed", "reason": reason} if {
	lib.level("orb_allowed") == "soft"
	some reason in violations
}
