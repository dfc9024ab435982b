# A workflow that deploys must also run a security scan. Job entries are strings or one-key
# maps; utils.get_element_name reads both.
package org

import data.circleci.utils
import future.keywords

policy_name["security_scan"]

scan_words := ["snyk", "trivy", "grype", "security-scan"]

deploy_words := ["deploy", "release", "publish"]

job_names(workflow) := {utils.get_element_name(entry) | some entry in workflow.jobs}

has_word(name, words) if {
	some word in words
	contains(lower(name), word)
}

deploy_without_scan contains reason if {
	some wf_name, workflow in input.workflows
	is_object(workflow)
	names := job_names(workflow)
	some name in names
	has_word(name, deploy_words)
	not any_scan(names)
	reason := sprintf("Workflow '%s' deploys with '%s' but runs no security scan.", [wf_name, name])
}

any_scan(names) if {
	some name in names
	has_word(name, scan_words)
}

enable_hard["deploy_without_scan"]
