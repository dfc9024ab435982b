# Deploys only from protected branches: otherwise any pushed branch deploys.

package policygate.circleci.rules.deploy_branch_protected

import rego.v1

import data.policygate.circleci.lib
import data.policygate.circleci.settings.settings

__policy_metadata__ := {
	"name": "Deploy jobs run only on protected branches",
	"category": "process",
	"severity": "high",
	"description": "Every deploy job of a workflow has a branch filter whose only branches are all protected (main, master by default), or runs for tags only (tags.only with branches.ignore: /.*/).",
	"remediation": "Add filters: {branches: {only: main}} to the deploy job in the workflow, or filter it to release tags.",
}

violations contains msg if {
	some entry in lib.workflow_jobs
	lib.is_deploy(entry)
	not lib.restricted_to_protected_refs(entry)
	msg := sprintf("Workflow '%s': deploy job '%s' runs on unprotected branches (%s). Add filters: {branches: {only: %v}}.", [entry.workflow, entry.name, lib.branch_filter_text(entry), settings.protected_branches])
}

hard_fail contains {"rule": "deploy_branch_protected", "reason": reason} if {
	lib.level("deploy_branch_protected") == "hard"
	some reason in violations
}

soft_fail contains {"rule": "deploy_branch_protected", "reason": reason} if {
	lib.level("deploy_branch_protected") == "soft"
	some reason in violations
}
