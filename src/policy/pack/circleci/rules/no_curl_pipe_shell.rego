# No download piped into a shell: `curl … | sh` runs whatever the server (or anyone between)
# returns, unreviewed and unpinned.

package policygate.circleci.rules.no_curl_pipe_shell

import rego.v1

import data.policygate.circleci.lib

__policy_metadata__ := {
	"name": "No curl or wget piped to a shell",
	"category": "supply-chain",
	"severity": "critical",
	"description": "No run step, orb steps included, pipes curl or wget output into a shell or interpreter, or runs it through sh -c \"$(curl …)\" or bash <(curl …).",
	"remediation": "Download to a file, verify its checksum or signature, then run it; or use a pinned orb or image that contains the tool.",
}

# The `|` are escaped: a bare `|` would be alternation and match any command containing "sh".
patterns := [
	`(curl|wget)\b[^|;&\n]*\|\s*(sudo\s+(-\S+\s+)*)?(env\s+(\S+=\S*\s+)*)?(ba|z|k|da|fi)?sh\b`,
	`(curl|wget)\b[^|;&\n]*\|\s*(sudo\s+(-\S+\s+)*)?(python[0-9.]*|perl|ruby|node)\b`,
	`\b(ba|z|k|da)?sh\s+(-\S+\s+)*["']?\$\(\s*(curl|wget)\b`,
	`<\(\s*(curl|wget)\b`,
]

violations contains msg if {
	some l in lib.run_lines
	regex.match(`curl|wget`, l.line)
	some p in patterns
	regex.match(p, l.line)
	msg := sprintf("Job '%s' step %s pipes a download into a shell: %s. Download to a file and verify its checksum before running it.", [l.job, l.step, lib.short(l.line)])
}

hard_fail contains {"rule": "no_curl_pipe_shell", "reason": reason} if {
	lib.level("no_curl_pipe_shell") == "hard"
	some reason in violations
}

soft_fail contains {"rule": "no_curl_pipe_shell", "reason": reason} if {
	lib.level("no_curl_pipe_shell") == "soft"
	some reason in violations
}
