# No destructive or world-writable commands: `chmod 777` lets any process rewrite what later
# steps run; `rm -rf /` erases the machine.

package policygate.circleci.rules.no_dangerous_commands

import rego.v1

import data.policygate.circleci.lib

__policy_metadata__ := {
	"name": "No world-writable permissions or root deletion",
	"category": "hardening",
	"severity": "high",
	"description": "No run step runs chmod 777 (or a+rwx) or rm -rf on / or /*.",
	"remediation": "Grant only the permissions needed (chmod 755 for executables, 644 for files); delete specific directories.",
}

patterns := [
	["chmod 777", `\bchmod\s+(-[A-Za-z]+\s+)*(0?777|a\+rwx)\b`],
	["rm -rf /", `\brm\s+(-[A-Za-z]*[rR][A-Za-z]*\s+)+(--no-preserve-root\s+)?/(\*)?(\s|;|$)`],
]

violations contains msg if {
	some l in lib.run_lines
	regex.match(`chmod|rm`, l.line)
	some [what, p] in patterns
	regex.match(p, l.line)
	msg := sprintf("Job '%s' step %s runs %s: %s. Narrow it to what the step needs.", [l.job, l.step, what, lib.short(l.line)])
}

hard_fail contains {"rule": "no_dangerous_commands", "reason": reason} if {
	lib.level("no_dangerous_commands") == "hard"
	some reason in violations
}

soft_fail contains {"rule": "no_dangerous_commands", "reason": reason} if {
	lib.level("no_dangerous_commands") == "soft"
	some reason in violations
}
