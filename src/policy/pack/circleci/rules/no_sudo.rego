# No sudo: build steps run with the job's user; sudo hides what needs root and widens what a
# compromised step can do.

package policygate.circleci.rules.no_sudo

import rego.v1

import data.policygate.circleci.lib

__policy_metadata__ := {
	"name": "No sudo in run steps",
	"category": "hardening",
	"severity": "medium",
	"description": "No run step, orb steps included, calls sudo.",
	"remediation": "Use an image that already has the tools installed (a cimg/ variant or your own image), or run the step in a job whose image runs as root.",
}

violations contains msg if {
	some l in lib.run_lines
	contains(l.line, "sudo")
	regex.match(`(^|[\s;&|(])sudo(\s|$)`, l.line)
	msg := sprintf("Job '%s' step %s uses sudo: %s. Install what it needs in the image instead.", [l.job, l.step, lib.short(l.line)])
}

hard_fail contains {"rule": "no_sudo", "reason": reason} if {
	lib.level("no_sudo") == "hard"
	some reason in violations
}

soft_fail contains {"rule": "no_sudo", "reason": reason} if {
	lib.level("no_sudo") == "soft"
	some reason in violations
}
