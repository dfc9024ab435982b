# No TLS verification switched off: `curl -k` and friends accept any certificate, so anyone on
# the path can swap what is downloaded.

package policygate.circleci.rules.no_insecure_transport

import rego.v1

import data.policygate.circleci.lib

__policy_metadata__ := {
	"name": "No TLS verification switched off",
	"category": "supply-chain",
	"severity": "high",
	"description": "No run step disables certificate checks: curl -k/--insecure, wget --no-check-certificate, GIT_SSL_NO_VERIFY, git http.sslVerify false, npm/yarn strict-ssl false, NODE_TLS_REJECT_UNAUTHORIZED=0, pip --trusted-host, PYTHONHTTPSVERIFY=0.",
	"remediation": "Keep verification on; install the missing CA certificate in the image (or point the tool at it: curl --cacert, NODE_EXTRA_CA_CERTS) instead.",
}

patterns := [
	["curl -k", `\bcurl\b[^\n;&|]*\s(-[A-Za-z]*k[A-Za-z]*|--insecure)(\s|$)`],
	["wget --no-check-certificate", `\bwget\b[^\n;&|]*--no-check-certificate`],
	["GIT_SSL_NO_VERIFY", `\bGIT_SSL_NO_VERIFY=(1|true)`],
	["git http.sslVerify false", `(?i)http\.sslverify[=\s]+false`],
	["strict-ssl false", `(?i)strict-ssl[=\s]+false`],
	["NODE_TLS_REJECT_UNAUTHORIZED=0", `NODE_TLS_REJECT_UNAUTHORIZED=["']?0`],
	["pip --trusted-host", `\bpip[0-9.]*\b[^\n;&|]*--trusted-host`],
	["PYTHONHTTPSVERIFY=0", `PYTHONHTTPSVERIFY=["']?0`],
]

violations contains msg if {
	some l in lib.run_lines
	regex.match(`(?i)curl|wget|ssl|tls|pip|verify`, l.line)
	some [what, p] in patterns
	regex.match(p, l.line)
	msg := sprintf("Job '%s' step %s switches TLS verification off (%s): %s. Install the CA certificate instead.", [l.job, l.step, what, lib.short(l.line)])
}

hard_fail contains {"rule": "no_insecure_transport", "reason": reason} if {
	lib.level("no_insecure_transport") == "hard"
	some reason in violations
}

soft_fail contains {"rule": "no_insecure_transport", "reason": reason} if {
	lib.level("no_insecure_transport") == "soft"
	some reason in violations
}
