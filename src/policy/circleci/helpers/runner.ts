// `data.circleci.config` runner helper (spec §4.2): resource classes reserved to projects.

export const RUNNER_FILE = 'circleci/config/runner.rego';

export const RUNNER_SOURCE = `package circleci.config

import future.keywords

# resource_class_map: resource class → the project ids (set or array) allowed to use it. A missing
# data.meta.project_id is allowed nowhere; a string value allows no project at all.
resource_class_by_project(resource_class_map) := {reason |
	some job_name, job in input._compiled_.jobs
	project_ids := resource_class_map[job.resource_class]
	not data.meta.project_id in project_ids
	reason := sprintf("project is not allowed to use resource_class %q declared in job %q", [job.resource_class, job_name])
}
`;
