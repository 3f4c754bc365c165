/** Benchmark functions and the run behind {@code trinity es-bench}: the optimiser alone, no Spark. */
package io.trinity.driver.es.bench;
