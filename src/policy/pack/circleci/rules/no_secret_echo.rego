# No secrets printed: job output is kept and visible to everyone with access to the project;
# masking only hides exact values, not encoded, split or partial ones.

package policygate.circleci.rules.no_secret_echo

import rego.v1

import data.policygate.circleci.lib

__policy_metadata__ := {
	"name": "No secrets echoed in run steps",
	"category": "secrets",
	"severity": "high",
	"description": "No run step prints a secret-named variable (echo/printf of $…TOKEN, $…SECRET, $…PASSWORD, $…KEY … not piped or redirected), dumps the whole environment (env, printenv, export -p, set alone), or turns on shell tracing (set -x) around secrets.",
	"remediation": "Do not print secrets. Pass them on stdin (echo \"$TOKEN\" | docker login --password-stdin …) or in environment variables; remove set -x from steps that use them.",
}

secret_var := `\$\{?[A-Za-z0-9_]*(TOKEN|SECRET|PASSWORD|PASSWD|API_?KEY|PRIVATE_?KEY|ACCESS_?KEY|CREDENTIALS?)[A-Za-z0-9_]*\}?`

violations contains msg if {
	some s in lib.run_steps
	regex.match(`echo|printf|env|set`, s.command)
	some line in lib.lines(s.command)
	why := problem(line, s.command)
	msg := sprintf("Job '%s' step %s %s: %s. Pass secrets on stdin or in environment variables, never to the log.", [s.job, s.step, why, lib.short(line)])
}

# echo $TOKEN prints it; echo $TOKEN | cmd and echo $TOKEN > file do not.
problem(line, command) := "prints a secret" if {
	regex.match(concat("", [`(^|[;&]|\b(then|do|else))\s*(echo|printf)\b[^|>\n]*`, secret_var]), line)
	not regex.match(concat("", [secret_var, `[^|>\n]*(\||>)`]), line)
	not regex.match(`[})]\s*>`, command) # { echo …; } >> "$BASH_ENV"
} else := "prints the whole environment, secrets included" if {
	regex.match(`^\s*(env|printenv|export -p|set)\s*(;|$)`, line)
} else := "traces every command with its secrets expanded (set -x)" if {
	regex.match(`^\s*set\s+(-[a-wyz]*x|-o\s+xtrace)`, line)
	regex.match(secret_var, command)
}

hard_fail contains {"rule": "no_secret_echo", "reason": reason} if {
	lib.level("no_secret_echo") == "hard"
	some reason in violations
}

soft_fail contains {"rule": "no_secret_echo", "reason": reason} if {
	lib.level("no_secret_echo") == "soft"
	some reason in violations
}
