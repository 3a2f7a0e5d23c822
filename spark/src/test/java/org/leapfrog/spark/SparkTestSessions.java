package org.leapfrog.spark;

import org.apache.spark.sql.SparkSession;

/** Local Spark sessions for tests: no UI, few shuffle partitions, task retries on (local[N,maxFailures]). */
final class SparkTestSessions {
    private SparkTestSessions() {
    }

    static SparkSession local(String master) {
        return SparkSession.builder().master(master).appName("leapfrog-spark-test")
                .config("spark.ui.enabled", "false")
                .config("spark.sql.shuffle.partitions", "4")
                .config("spark.driver.host", "127.0.0.1")
                .config("spark.driver.bindAddress", "127.0.0.1")
                .getOrCreate();
    }
}
