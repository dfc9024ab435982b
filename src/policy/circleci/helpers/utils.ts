// `data.circleci.utils`: the small conversions CircleCI's helper library builds on (spec §4.3).
// Rego v0 with future keywords, as CircleCI ships its helpers; compiled in strict mode.

export const UTILS_FILE = 'circleci/utils/utils.rego';

export const UTILS_SOURCE = `package circleci.utils

import future.keywords

# A set as is; an array as the set of its elements; anything else as a one-element set.
to_set(v) := v if is_set(v)

to_set(v) := {x | some x in v} if is_array(v)

to_set(v) := {v} if {
	not is_set(v)
	not is_array(v)
}

# An array as is; anything else (a set too) wrapped in a one-element array.
to_array(v) := v if is_array(v)

to_array(v) := [v] if not is_array(v)

# A job or orb reference's name: the string itself, or the only key of a one-key object.
get_element_name(v) := v if is_string(v)

get_element_name(v) := name if {
	is_object(v)
	count(v) == 1
	some name, _ in v
}

# Unanchored on purpose: "release-<<parameters.version>>" is parameterised too.
is_parameterized_expression(s) := regex.match(\`<<\\s*(pipeline|parameters)(\\.[\\w-]+)+\\s*>>\`, s)
`;
