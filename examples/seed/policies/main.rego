# policies/main.rego
# Central policy file that controls which rules are active.
#
# policygate: the seed document enables three rules here, yet its example decision for
# test/fixtures/invalid_config.yml lists blocked_commands as well. Only the rules named in
# enabled_rules count, so the seed's three-rule list would drop blocked_commands (and the
# bundle's other rules: no_hardcoded_secrets, dangerous_commands, approved_orbs,
# production_branch_protection). This list enables every rule the bundle defines, which gives
# the four violations the seed shows. See examples/seed/README.md.

package org

import future.keywords

# Enable specific rules - only the violations of these rules count
enabled_rules := {
    "approved_docker_images",
    "resource_class_limit",
    "blocked_commands",
    "require_security_scan",
    "no_hardcoded_secrets",
    "dangerous_commands",
    "production_branch_protection",
    "approved_orbs"
}
