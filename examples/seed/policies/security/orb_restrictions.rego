# policies/security/orb_restrictions.rego
# Controls which orbs can be used in configurations.

package org

import future.keywords

# Orbs that are explicitly approved for use
approved_orbs := {
    "circleci/node",
    "circleci/python",
    "circleci/docker",
    "circleci/aws-cli"
}

# Allow any orb from specific trusted namespaces
trusted_namespaces := {"circleci"}

orb_is_approved(orb_name) if {
    orb_name in approved_orbs
}

orb_is_approved(orb_name) if {
    # Extract namespace from orb name (format: namespace/orb@version)
    parts := split(orb_name, "/")
    count(parts) >= 2
    namespace := parts[0]
    namespace in trusted_namespaces
}

hard_fail contains decision if {
    some orb_alias, orb_ref in input.orbs

    # Handle both string references and object definitions
    orb_name := get_orb_name(orb_ref)
    not orb_is_approved(orb_name)

    decision := {
        "rule": "approved_orbs",
        "reason": sprintf("Orb '%s' (%s) is not in the approved list. Request approval at https://wiki.example.com/orb-requests", [orb_alias, orb_name])
    }
}

get_orb_name(ref) := ref if is_string(ref)
get_orb_name(ref) := ref.orb if {
    is_object(ref)
    ref.orb
}
