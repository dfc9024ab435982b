# Parallelism: each parallel container is billed; a typo (parallelism: 100) multiplies the cost.

package policygate.circleci.rules.parallelism_limit

import rego.v1

import data.policygate.circleci.lib
import data.policygate.circleci.settings.settings

__policy_metadata__ := {
	"name": "Parallelism within limits",
	"category": "cost",
	"severity": "low",
	"description": "No job runs more parallel containers than max_parallelism.",
	"remediation": "Lower parallelism, or raise max_parallelism in the pack settings.",
}

violations contains msg if {
	some name, job in lib.jobs
	n := to_number(job.parallelism)
	n > settings.max_parallelism
	msg := sprintf("Job '%s' runs %v parallel containers; the limit is %v.", [name, n, settings.max_parallelism])
}

hard_fail contains {"rule": "parallelism_limit", "reason": reason} if {
	lib.level("parallelism_limit") == "hard"
	some reason in violations
}

soft_fail contains {"rule": "parallelism_limit", "reason": reason} if {
	lib.level("parallelism_limit") == "soft"
	some reason in violations
}
