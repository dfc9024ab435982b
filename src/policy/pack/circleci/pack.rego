# The policygate CircleCI pack's entry: the violations of every pack rule, in the seed's decision
# format (`{"rule", "reason"}` objects in hard_fail / soft_fail of package org). The rules and
# their helpers live under data.policygate.circleci, so that they never collide with the rules of
# a bundle the pack is added to.

package org

import rego.v1

hard_fail contains v if some v in data.policygate.circleci.rules[_].hard_fail

soft_fail contains v if some v in data.policygate.circleci.rules[_].soft_fail
