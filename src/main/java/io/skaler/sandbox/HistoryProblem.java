package io.skaler.sandbox;

/**
 * One kind of record in a job history that cannot be replayed as it is, with how many records have it: the line the
 * user reads is {@link #line()}.
 *
 * @param kind     what is wrong, naming the field ({@code "time.submission missing"})
 * @param count    records of this kind
 * @param firstJob the first such record's job id, to find it in the file ({@code "#3"}, its position, when it has none)
 * @param effect   what became of them ({@code "not replayed"}, {@code "replayed with ..."})
 */
public record HistoryProblem(String kind, long count, String firstJob, String effect) {

    public String line() {
        return count + (count == 1 ? " job record: " : " job records: ") + kind + " (first: job " + firstJob + "); "
                + effect;
    }
}
