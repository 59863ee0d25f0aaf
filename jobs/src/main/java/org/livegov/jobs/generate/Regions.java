package org.livegov.jobs.generate;

import java.util.List;

/**
 * Real administrative division codes (GB/T 2260, county or city level) used as characters 3-8 of
 * generated USCCs and as the first six digits of identity numbers, with two weights: where
 * live-commerce businesses register (Zhejiang and Guangdong heavy: Hangzhou, Yiwu, Guangzhou,
 * Shenzhen) and where people come from (roughly by province population).
 */
final class Regions {
    /**
     * @param code     six-digit GB/T 2260 code
     * @param city     city name used in company names
     * @param business weight as a place of business registration
     * @param people   weight as a place of birth registration
     */
    record Region(String code, String city, double business, double people) {
    }

    static final List<Region> ALL = List.of(
            new Region("110101", "北京", 1.0, 0.4), new Region("110105", "北京", 2.5, 0.8),
            new Region("110108", "北京", 2.0, 0.8), new Region("110115", "北京", 0.8, 0.4),
            new Region("120101", "天津", 0.4, 0.5), new Region("120116", "天津", 0.6, 0.6),
            new Region("130102", "石家庄", 0.6, 2.5), new Region("130602", "保定", 0.5, 2.5),
            new Region("140105", "太原", 0.3, 2.5), new Region("150102", "呼和浩特", 0.2, 1.7),
            new Region("210102", "沈阳", 0.4, 1.8), new Region("210202", "大连", 0.4, 1.5),
            new Region("220102", "长春", 0.3, 1.7), new Region("230102", "哈尔滨", 0.3, 2.2),
            new Region("310101", "上海", 1.0, 0.5), new Region("310104", "上海", 1.5, 0.6),
            new Region("310105", "上海", 1.0, 0.4), new Region("310115", "上海", 3.0, 1.0),
            new Region("320102", "南京", 1.0, 1.5), new Region("320505", "苏州", 1.5, 1.5),
            new Region("320506", "苏州", 1.5, 1.3), new Region("320211", "无锡", 0.8, 1.2),
            new Region("321002", "扬州", 0.4, 1.0),
            new Region("330102", "杭州", 3.0, 0.5), new Region("330105", "杭州", 2.5, 0.5),
            new Region("330106", "杭州", 4.0, 0.5), new Region("330108", "杭州", 4.0, 0.4),
            new Region("330109", "杭州", 3.0, 0.6), new Region("330110", "杭州", 6.0, 0.7),
            new Region("330203", "宁波", 2.0, 0.6), new Region("330302", "温州", 2.0, 0.9),
            new Region("330782", "义乌", 6.0, 0.5), new Region("330702", "金华", 1.5, 0.5),
            new Region("330402", "嘉兴", 1.2, 0.4), new Region("330602", "绍兴", 1.2, 0.5),
            new Region("331002", "台州", 1.2, 0.6), new Region("330502", "湖州", 1.0, 0.4),
            new Region("340104", "合肥", 0.8, 3.5), new Region("350102", "福州", 1.0, 1.2),
            new Region("350203", "厦门", 1.5, 0.8), new Region("350582", "晋江", 1.5, 0.7),
            new Region("350583", "南安", 0.6, 0.5), new Region("360102", "南昌", 0.5, 2.6),
            new Region("370102", "济南", 0.8, 2.5), new Region("370202", "青岛", 1.0, 2.5),
            new Region("371302", "临沂", 1.2, 2.5), new Region("410105", "郑州", 1.0, 5.5),
            new Region("420106", "武汉", 1.0, 2.5), new Region("420102", "武汉", 0.8, 2.0),
            new Region("430104", "长沙", 1.2, 3.5), new Region("440103", "广州", 2.0, 0.6),
            new Region("440104", "广州", 2.5, 0.6), new Region("440106", "广州", 4.0, 0.8),
            new Region("440111", "广州", 3.5, 0.8), new Region("440304", "深圳", 3.0, 0.6),
            new Region("440305", "深圳", 3.5, 0.6), new Region("440306", "深圳", 3.0, 0.8),
            new Region("440307", "深圳", 2.5, 0.8), new Region("440604", "佛山", 1.5, 0.8),
            new Region("441900", "东莞", 2.5, 1.0), new Region("442000", "中山", 1.2, 0.6),
            new Region("445102", "潮州", 0.8, 0.6), new Region("440507", "汕头", 1.2, 1.0),
            new Region("450103", "南宁", 0.5, 2.8), new Region("460106", "海口", 0.3, 0.6),
            new Region("500103", "重庆", 1.0, 3.6), new Region("510104", "成都", 1.2, 3.0),
            new Region("510107", "成都", 1.2, 3.0), new Region("520102", "贵阳", 0.4, 2.2),
            new Region("530102", "昆明", 0.5, 2.6), new Region("540102", "拉萨", 0.1, 0.3),
            new Region("610113", "西安", 1.0, 2.8), new Region("620102", "兰州", 0.2, 1.4),
            new Region("630102", "西宁", 0.1, 0.4), new Region("640104", "银川", 0.1, 0.5),
            new Region("650102", "乌鲁木齐", 0.2, 1.5));

    private static final double[] BUSINESS = ALL.stream().mapToDouble(Region::business).toArray();
    private static final double[] PEOPLE = ALL.stream().mapToDouble(Region::people).toArray();

    private Regions() {
    }

    static Region business(Rand rng) {
        return ALL.get(rng.weighted(BUSINESS));
    }

    static Region birthplace(Rand rng) {
        return ALL.get(rng.weighted(PEOPLE));
    }

    static Region byCode(String code) {
        return ALL.stream().filter(r -> r.code.equals(code)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no region " + code));
    }
}
