/** The operator's contract, kept in a ConfigMap (key {@code policy.yaml}): records, parsing and validation. */
package io.skaler.policy;
