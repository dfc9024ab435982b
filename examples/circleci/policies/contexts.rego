# Contexts: production credentials only on the main branch, and the payments context only in
# the payments project.
package org

import data.circleci.config
import future.keywords

policy_name["contexts"]

prod_context_branches := config.contexts_reserved_by_branches(["main"], ["prod-deploy"])

payments_context := config.contexts_reserved_by_project_ids(["7a1e0e7c-5a3f-4d7e-9d55-0c2b1f6e9a01"], ["payments"])

enable_hard["prod_context_branches"]

enable_hard["payments_context"]
