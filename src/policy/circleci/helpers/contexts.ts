// `data.circleci.config` context helpers (spec §4.2): which projects and branches may use which
// contexts. Project rules read the compiled config; the branch rule reads the source config,
// whose workflows keep their filters.

export const CONTEXTS_FILE = 'circleci/config/contexts.rego';

export const CONTEXTS_SOURCE = `package circleci.config

import data.circleci.utils
import future.keywords

# [workflow, job, contexts, job entry] for every job entry with a context in the given workflows.
# Entries are kept apart: one job may be listed twice (with different names or filters).
job_contexts(workflows) := {[wf_name, job_name, utils.to_set(info.context), info] |
	some wf_name, workflow in workflows
	is_object(workflow)
	some entry in workflow.jobs
	is_object(entry)
	some job_name, info in entry
	info.context
}

contexts_blocked_by_project_ids(project_ids, context_list) := {reason |
	data.meta.project_id in utils.to_set(project_ids)
	some [wf_name, job_name, contexts, _] in job_contexts(input._compiled_.workflows)
	blocked := contexts & utils.to_set(context_list)
	count(blocked) > 0
	reason := sprintf("%s.%s: uses context value(s) in blocklist for project: %s", [wf_name, job_name, concat(", ", blocked)])
}

contexts_allowed_by_project_ids(project_ids, context_list) := {reason |
	data.meta.project_id in utils.to_set(project_ids)
	some [wf_name, job_name, contexts, _] in job_contexts(input._compiled_.workflows)
	disallowed := contexts - utils.to_set(context_list)
	count(disallowed) > 0
	reason := sprintf("%s.%s: uses context value(s) not in allowlist for project: %s", [wf_name, job_name, concat(", ", disallowed)])
}

# Fires also when data.meta.project_id is missing: the context stays reserved.
contexts_reserved_by_project_ids(project_ids, context_list) := {reason |
	not data.meta.project_id in utils.to_set(project_ids)
	some [wf_name, job_name, contexts, _] in job_contexts(input._compiled_.workflows)
	reserved := contexts & utils.to_set(context_list)
	count(reserved) > 0
	reason := sprintf("%s.%s: uses context value(s) reserved to other projects: %s", [wf_name, job_name, concat(", ", reserved)])
}

contexts_reserved_by_branches(branch_list, context_list) := {reason |
	branches := utils.to_set(branch_list)
	some [wf_name, job_name, contexts, info] in job_contexts(input.workflows)
	used := contexts & utils.to_set(context_list)
	count(used) > 0
	reason := branch_violation(sprintf("%s.%s", [wf_name, job_name]), used, info, branches)
}

# Only the filters.branches.only list is judged (not ignore, not /regex/ filters), as in CircleCI.
branch_violation(where, used, info, branches) := reason if {
	bad := utils.to_set(info.filters.branches.only) - branches
	count(bad) > 0
	reason := sprintf("%s: uses context value(s): %s - that cannot be used with branches: %s", [where, concat(", ", used), concat(", ", bad)])
}

branch_violation(where, used, info, branches) := reason if {
	not info.filters.branches.only
	reason := sprintf("%s: uses context value(s): %s - that must be limited to branches: %s", [where, concat(", ", used), concat(", ", branches)])
}
`;
