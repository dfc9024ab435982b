# Restricted contexts only on protected branches: a context's secrets go to every job that names
# it, so a job any branch can run hands production credentials to any branch.

package policygate.circleci.rules.context_branch_restricted

import rego.v1

import data.policygate.circleci.lib
import data.policygate.circleci.settings.settings

__policy_metadata__ := {
	"name": "Restricted contexts are used only on protected branches",
	"category": "secrets",
	"severity": "high",
	"description": "A job that uses a restricted context (by default one whose name says prod, production, release, publish or deploy) is filtered to protected branches or to tags.",
	"remediation": "Filter the job to protected branches (filters: {branches: {only: main}}) or to tags, or use a context meant for all branches; CircleCI's context restrictions (security groups, expressions) add a server-side guard.",
}

violations contains msg if {
	some entry in lib.workflow_jobs
	some ctx in lib.as_list(entry.params.context)
	restricted(ctx)
	not lib.restricted_to_protected_refs(entry)
	msg := sprintf("Workflow '%s': job '%s' uses restricted context '%s' on unprotected branches (%s). Filter it to %v or to tags.", [entry.workflow, entry.name, ctx, lib.branch_filter_text(entry), settings.protected_branches])
}

restricted(ctx) if {
	some p in settings.restricted_context_patterns
	regex.match(p, ctx)
}

hard_fail contains {"rule": "context_branch_restricted", "reason": reason} if {
	lib.level("context_branch_restricted") == "hard"
	some reason in violations
}

soft_fail contains {"rule": "context_branch_restricted", "reason": reason} if {
	lib.level("context_branch_restricted") == "soft"
	some reason in violations
}
