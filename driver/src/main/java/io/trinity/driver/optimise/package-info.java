/**
 * The optimisers a training run can use behind one ask-and-tell interface ({@link
 * io.trinity.driver.optimise.Optimiser}): sep-CMA-ES (the {@code es} library), full-covariance CMA-ES, random
 * search and REINFORCE. The generation loop asks for this generation's policies, plays them, and tells the
 * results, without knowing which one runs. No Spark here.
 */
package io.trinity.driver.optimise;
