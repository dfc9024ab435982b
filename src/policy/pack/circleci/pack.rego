# The policygate CircleCI pack's entry: the violations of every pack rule, in the seed's decision
# format (`{"rule", "reason"}` objects in hard_fail / soft_fail of package org). The rules and
# their helpers live under data.policygate.circleci, so that they never collide with the rules of
# a bundle the pack is added to.

package org

import rego.v1

# Each rule package by name (the settings list every rule): iterating data.policygate.circleci.rules[_]
# would build every package's whole document, helpers included, on every decision.
hard_fail contains v if {
	some name, _ in data.policygate.circleci.settings.settings.rules
	some v in data.policygate.circleci.rules[name].hard_fail
}

soft_fail contains v if {
	some name, _ in data.policygate.circleci.settings.settings.rules
	some v in data.policygate.circleci.rules[name].soft_fail
}
