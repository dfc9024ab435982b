# Orbs: a version with a known problem is banned outright; orbs outside the allowlist are
# reported without blocking while teams ask for approval.
package org

import data.circleci.config
import future.keywords

policy_name["orbs"]

banned_orb_versions := config.ban_orbs_version(["circleci/node@4.1.0"])

# A set, not an array: the helper looks names up as keys.
unapproved_orbs := config.orbs_allowlist({"circleci/node", "circleci/python", "circleci/docker", "circleci/aws-cli"})

enable_hard["banned_orb_versions"]

enable_rule["unapproved_orbs"]
