# SSH keys scoped: add_ssh_keys without fingerprints loads every key of the project into the job.

package policygate.circleci.rules.ssh_keys_scoped

import rego.v1

import data.policygate.circleci.lib

__policy_metadata__ := {
	"name": "add_ssh_keys names its keys",
	"category": "secrets",
	"severity": "medium",
	"description": "Every add_ssh_keys step lists the fingerprints of the keys it needs; without them, every SSH key added to the project is loaded into the job.",
	"remediation": "List the key: add_ssh_keys: {fingerprints: [\"SHA256:…\"]}.",
}

violations contains msg if {
	some name, job in lib.jobs
	some step in object.get(job, "steps", [])
	unscoped(step)
	msg := sprintf("Job '%s' has an add_ssh_keys step without fingerprints, which loads every SSH key of the project. List the keys it needs.", [name])
}

unscoped(step) if step == "add_ssh_keys"

unscoped(step) if {
	is_object(step)
	keys := step.add_ssh_keys
	count(object.get(keys, "fingerprints", [])) == 0
}

unscoped(step) if {
	is_object(step)
	step.add_ssh_keys == null
}

hard_fail contains {"rule": "ssh_keys_scoped", "reason": reason} if {
	lib.level("ssh_keys_scoped") == "hard"
	some reason in violations
}

soft_fail contains {"rule": "ssh_keys_scoped", "reason": reason} if {
	lib.level("ssh_keys_scoped") == "soft"
	some reason in violations
}
