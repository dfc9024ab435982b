// `data.circleci.config` orb helpers (spec §4.1): orbs as name → version from the source config,
// bans by name or name@version, allowlists, and parameterised orb references.

export const ORBS_FILE = 'circleci/config/orbs.rego';

export const ORBS_SOURCE = `package circleci.config

import data.circleci.utils
import future.keywords

# name → version for every "name@version" reference in the source config. Two aliases of one orb at
# different versions conflict, as in CircleCI (an ERROR decision).
orbs[name] = version {
	some orb in input.orbs
	[name, version] := split(orb, "@")
}

ban_orbs(orb_names) := object.union(banned, parameterized_orbs_in_input(input.orbs)) if {
	banned := {name: sprintf("%s orb is not allowed in CircleCI configuration", [name]) |
		some name in orb_names
		orbs[name]
	}
}

ban_orbs_version(orb_versions) := object.union(banned, parameterized_orbs_in_input(input.orbs)) if {
	banned := {orb: sprintf("%s orb is not allowed in CircleCI configuration", [orb]) |
		some orb in orb_versions
		[name, version] := split(orb, "@")
		orbs[name] == version
	}
}

parameterized_orbs_in_input(orb_refs) := {orb: sprintf("invalid orb: %s - parameterized orbs are disallowed", [orb]) |
	some orb in orb_refs
	utils.is_parameterized_expression(orb)
}

# allowed_orbs is looked up by name: a set (or object) works, an array reports every orb.
orbs_allowlist(allowed_orbs) := {orb: sprintf("%s orb is not allowed in CircleCI configuration", [name]) |
	some orb in input.orbs
	[name, _] := split(orb, "@")
	not allowed_orbs[name]
}
`;
