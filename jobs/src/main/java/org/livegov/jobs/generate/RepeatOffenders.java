package org.livegov.jobs.generate;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Plants repeat offenders and counts the ones in the data. A repeat offender has 3 or more
 * serious violations (effective severity S3/S4, final status confirmed) detected within the 24
 * months ending on the last day of the period (Advertising Law art. 55; SAMR Order 44 lists
 * frequency as a factor). Planted offenders are the cross-platform case the domain insists on:
 * a person with anchor accounts on two platforms, or a company with shops on two platforms, whose
 * violations are split so that no single account or shop reaches 3. Planted violations name no
 * broadcast, so the rules count one act per category and Beijing day (conf/offenders.yaml
 * {@code acts}): each offender's violations fall on distinct days, so they are 3 or 4 acts.
 */
final class RepeatOffenders {
    /**
     * A planted violation.
     *
     * @param day      Beijing day of detection
     * @param anchor   true for an anchor subject, false for a merchant
     * @param subject  anchor or merchant index
     * @param category a serious category the subject answers for
     */
    record Plant(LocalDate day, boolean anchor, int subject, Categories.Category category) {
    }

    private final LocalDate windowFrom;
    private final LocalDate windowTo;
    private final Map<String, Integer> serious = new HashMap<>();
    private final List<GenerationReport.PlantedPerson> persons = new ArrayList<>();
    private final List<GenerationReport.PlantedCompany> companies = new ArrayList<>();

    RepeatOffenders(LocalDate to) {
        this.windowTo = to;
        this.windowFrom = to.minusMonths(GeneratorSpec.HISTORY_MONTHS).plusDays(1);
    }

    /**
     * Chooses the planted offenders and their violations: {@code max(5, anchors/2000)} persons
     * and {@code max(3, merchants/2000)} companies, 3 or 4 serious violations each, alternating
     * between the two accounts or shops, one of them in the period, the others anywhere in the
     * window.
     */
    List<Plant> plant(Registers reg, LocalDate from, Rand rng) {
        List<Plant> plants = new ArrayList<>();
        List<int[]> pairs = new ArrayList<>(reg.twoAccountPersons);
        int nPersons = Math.min(pairs.size(), Math.max(5, reg.anchors / 2000));
        for (int i = 0; i < nPersons; i++) {
            int[] pair = pairs.remove(rng.between(0, pairs.size() - 1));
            int n = rng.between(3, 4);
            java.util.Set<LocalDate> days = new java.util.HashSet<>();
            for (int k = 0; k < n; k++) {
                List<Categories.Category> cats = Categories.SERIOUS_ANCHOR;
                plants.add(new Plant(distinctDay(k, from, rng, days), true, pair[k % 2], cats.get(rng.between(0, cats.size() - 1))));
            }
            persons.add(new GenerationReport.PlantedPerson(
                    List.of(Registers.anchorId(pair[0]), Registers.anchorId(pair[1])), n));
        }
        List<int[]> shops = new ArrayList<>(reg.twoShopCompanies);
        int nCompanies = Math.min(shops.size(), Math.max(3, reg.merchants / 2000));
        for (int i = 0; i < nCompanies; i++) {
            int[] pair = shops.remove(rng.between(0, shops.size() - 1));
            int n = rng.between(3, 4);
            java.util.Set<LocalDate> days = new java.util.HashSet<>();
            for (int k = 0; k < n; k++) {
                List<Categories.Category> cats = Categories.SERIOUS_COMMODITY;
                plants.add(new Plant(distinctDay(k, from, rng, days), false, pair[k % 2], cats.get(rng.between(0, cats.size() - 1))));
            }
            companies.add(new GenerationReport.PlantedCompany(reg.merchantUscc[pair[0]],
                    List.of(Registers.merchantId(pair[0]), Registers.merchantId(pair[1])), n));
        }
        plants.sort((a, b) -> a.day().compareTo(b.day()));
        return plants;
    }

    /**
     * A day none of this offender's earlier plants has: two on one day with one category would be
     * one act and the offender would have only 2 (a redraw only on a collision, so seeds that had
     * none plant the same days as before).
     */
    private LocalDate distinctDay(int k, LocalDate from, Rand rng, java.util.Set<LocalDate> used) {
        LocalDate d = plantDay(k, from, rng);
        while (!used.add(d)) {
            d = plantDay(k, from, rng);
        }
        return d;
    }

    private LocalDate plantDay(int k, LocalDate from, Rand rng) {
        LocalDate lo = k == 0 ? from : windowFrom;
        return lo.plusDays(rng.between(0, (int) (windowTo.toEpochDay() - lo.toEpochDay())));
    }

    /** Counts a serious, confirmed violation of the subject (key from {@link Registers}). */
    void seriousViolation(String subjectKey, LocalDate detected) {
        if (!detected.isBefore(windowFrom) && !detected.isAfter(windowTo)) {
            serious.merge(subjectKey, 1, Integer::sum);
        }
    }

    GenerationReport.RepeatOffenders report() {
        Map<String, Long> inData = new TreeMap<>();
        for (String kind : new String[] {"person", "anchor", "company", "merchant", "mcn", "platform"}) {
            inData.put(kind, 0L);
        }
        serious.forEach((key, n) -> {
            if (n >= 3) {
                inData.merge(key.substring(0, key.indexOf(':')), 1L, Long::sum);
            }
        });
        return new GenerationReport.RepeatOffenders(windowFrom.toString(), windowTo.toString(),
                List.copyOf(persons), List.copyOf(companies), inData);
    }
}
