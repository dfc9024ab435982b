# Large resource classes are reserved to the projects that pay for them. Soft everywhere, hard
# on the main branch: a feature branch learns about it before it blocks a release.
package org

import data.circleci.config
import future.keywords

policy_name["resource_class"]

large_resource_classes := config.resource_class_by_project({
	"2xlarge": {"7a1e0e7c-5a3f-4d7e-9d55-0c2b1f6e9a01"},
	"2xlarge+": {"7a1e0e7c-5a3f-4d7e-9d55-0c2b1f6e9a01"},
})

enable_rule["large_resource_classes"]

hard_fail["large_resource_classes"] {
	data.meta.vcs.branch == "main"
}
