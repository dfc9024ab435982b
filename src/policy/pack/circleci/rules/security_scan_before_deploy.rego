# A security scan before every deploy: the deploy job must require (directly or through other
# jobs) a job that scans — not merely share a workflow with one that runs in parallel.

package policygate.circleci.rules.security_scan_before_deploy

import rego.v1

import data.policygate.circleci.lib

__policy_metadata__ := {
	"name": "A security scan runs before every deploy",
	"category": "process",
	"severity": "high",
	"description": "Every deploy job of a workflow (by name: deploy, release, publish, promote, prod) requires, directly or transitively, a job that scans (by name, or by running snyk, trivy, grype, semgrep, npm audit, …).",
	"remediation": "Add a scanning job to the workflow and list it, or a job that requires it, under the deploy job's requires.",
}

violations contains msg if {
	some entry in lib.workflow_jobs
	lib.is_deploy(entry)
	not scanned_before(entry)
	msg := sprintf("Workflow '%s': deploy job '%s' does not require a security scan. Add a scanning job (snyk, trivy, grype, …) to its requires.", [entry.workflow, entry.name])
}

scanned_before(entry) if {
	some name in graph.reachable(requires_graph(entry.workflow), [entry.name])
	name != entry.name
	some before in lib.workflow_jobs
	before.workflow == entry.workflow
	before.name == name
	lib.is_scan(before)
}

# Job name → the names it requires, in one workflow; a name listed twice (a matrix, or the same
# job with different parameters) requires what either entry requires.
requires_graph(workflow) := {name: reqs |
	some e in lib.workflow_jobs
	e.workflow == workflow
	name := e.name
	reqs := {r |
		some other in lib.workflow_jobs
		other.workflow == workflow
		other.name == name
		some r in lib.as_list(object.get(other.params, "requires", []))
	}
}

hard_fail contains {"rule": "security_scan_before_deploy", "reason": reason} if {
	lib.level("security_scan_before_deploy") == "hard"
	some reason in violations
}

soft_fail contains {"rule": "security_scan_before_deploy", "reason": reason} if {
	lib.level("security_scan_before_deploy") == "soft"
	some reason in violations
}
