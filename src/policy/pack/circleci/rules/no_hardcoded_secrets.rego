# No hard-coded secrets: tokens in a config are readable by everyone who can read the repository,
# stay in its history, and cannot be rotated without a commit.

package policygate.circleci.rules.no_hardcoded_secrets

import rego.v1

import data.policygate.circleci.lib
import data.policygate.circleci.settings.settings

__policy_metadata__ := {
	"name": "No hard-coded secrets",
	"category": "secrets",
	"severity": "critical",
	"description": "No command, environment value or docker setting contains a token in a known format (GitHub, AWS, Slack, Stripe, GitLab, npm, PyPI, Docker Hub, Google, SendGrid, private keys).",
	"remediation": "Revoke the token, then store it in a CircleCI context or project environment variable and refer to it as $NAME.",
}

# [name, RE2 pattern] per token format.
formats := array.concat([
	["GitHub token", `\bgh[pousr]_[A-Za-z0-9]{36}\b`],
	["GitHub fine-grained token", `\bgithub_pat_[A-Za-z0-9_]{22,}`],
	["AWS access key id", `\b(AKIA|ASIA)[0-9A-Z]{16}\b`],
	["Slack token", `\bxox[abprs]-[0-9A-Za-z-]{10,}`],
	["Slack webhook", `hooks\.slack\.com/services/T[A-Z0-9]+/B[A-Z0-9]+/[A-Za-z0-9]+`],
	["Stripe live key", `\b[rs]k_live_[0-9A-Za-z]{20,}`],
	["GitLab token", `\bglpat-[0-9A-Za-z_-]{20,}`],
	["npm token", `\bnpm_[A-Za-z0-9]{36}\b`],
	["PyPI token", `\bpypi-AgEIcHlwaS5vcmc[A-Za-z0-9_-]{20,}`],
	["Docker Hub token", `\bdckr_pat_[A-Za-z0-9_-]{20,}`],
	["Google API key", `\bAIza[0-9A-Za-z_-]{35}\b`],
	["SendGrid key", `\bSG\.[A-Za-z0-9_-]{22}\.[A-Za-z0-9_-]{43}\b`],
	["private key", `-----BEGIN ([A-Z0-9]+ )*PRIVATE KEY-----(\s|\\n)*[A-Za-z0-9+/=]{64}`],
], settings.extra_secret_patterns)

# One pass with all formats first: most texts contain none.
any_format := concat("|", [sprintf("(?:%s)", [p]) | some [_, p] in formats])

violations contains msg if {
	some t in lib.texts
	regex.match(any_format, t.text)
	some [kind, pattern] in formats
	some token in regex.find_n(pattern, t.text, -1)
	msg := sprintf("%s contains a hard-coded %s (%s). Revoke it and read it from a context or project environment variable.", [t.where, kind, masked(token)])
}

# Enough to find it, not enough to use it.
masked(token) := sprintf("%s… %d characters", [substring(token, 0, 6), count(token)])

hard_fail contains {"rule": "no_hardcoded_secrets", "reason": reason} if {
	lib.level("no_hardcoded_secrets") == "hard"
	some reason in violations
}

soft_fail contains {"rule": "no_hardcoded_secrets", "reason": reason} if {
	lib.level("no_hardcoded_secrets") == "soft"
	some reason in violations
}
