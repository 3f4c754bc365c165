/**
 * The optimiser of Trinity's head: separable CMA-ES ({@link io.trinity.driver.es.SepCmaEs}) with
 * an ask-and-tell interface, a serialisable snapshot ({@link io.trinity.driver.es.SepCmaEsState})
 * for checkpoints, and its own deterministic random generator ({@link
 * io.trinity.driver.es.Xoshiro256StarStar}). Pure Java: no Spark, only Jackson-friendly records.
 */
package io.trinity.driver.es;
