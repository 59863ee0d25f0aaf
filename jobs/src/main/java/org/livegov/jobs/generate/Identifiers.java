package org.livegov.jobs.generate;

import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import org.livegov.metrics.ids.ResidentIdNumber;
import org.livegov.metrics.ids.Uscc;

/**
 * Valid-looking identifiers and names: USCCs (GB 32100), resident identity numbers (GB 11643),
 * mobile phone numbers, Chinese company names and anchor nicknames. Uniqueness is the caller's
 * business (the registers keep sets).
 */
final class Identifiers {
    private static final String[] BRAND = {"星辰", "云端", "优选", "鲜果", "花开", "锦绣", "乐购", "晨光", "青禾",
        "海韵", "金穗", "百草", "森屿", "暖阳", "悦享", "匠心", "东方", "嘉禾", "明月", "远山", "聚宝", "福满",
        "小鹿", "甜心", "山河", "初心", "新潮", "雅致", "欢乐", "美妍"};
    private static final String[] TRADE = {"贸易", "电子商务", "食品", "服饰", "化妆品", "农业科技", "日用品",
        "家居", "珠宝", "母婴用品", "数码科技", "茶业"};
    private static final String[] AGENCY = {"文化传媒有限公司", "网络科技有限公司", "传媒集团有限公司",
        "文化传播有限公司", "电子商务有限公司"};
    private static final String[] ENGLISH = {"Global Goods Trading Co., Ltd.", "Sunrise Media, Inc.",
        "Blue Ocean E-Commerce Co., Ltd.", "Happy Home Supplies Co., Ltd."};
    private static final String[] NICK_HEAD = {"小", "阿", "大", "老", "甜甜", "酷酷", "乐乐", "胖", "美美"};
    private static final String[] NICK_BODY = {"鹿", "琳", "杰", "娜", "强", "芳", "宇", "婷", "涛", "欣", "博", "雪"};
    private static final String[] NICK_TAIL = {"的直播间", "严选", "好物分享", "优品", "家", "教你穿搭", "爱美食", ""};
    private static final String[] MOBILE_PREFIX = {"130", "131", "132", "135", "136", "137", "138", "139", "150",
        "151", "152", "155", "157", "158", "159", "166", "176", "177", "180", "181", "186", "187", "188", "189",
        "191", "198", "199"};
    private static final String CODE_CHARS = Uscc.ALPHABET;

    private Identifiers() {
    }

    /**
     * A valid USCC: registration authority 9 (market supervision), entity type 1 (enterprise) or 2
     * (individual business), the region code, a 9-character organisation code and the check
     * character.
     */
    static String uscc(Rand rng, String regionCode, boolean individual) {
        StringBuilder sb = new StringBuilder(18).append('9').append(individual ? '2' : '1').append(regionCode);
        sb.append(rng.chance(0.7) ? "MA" : "" + rng.pick("0123456789") + rng.pick("0123456789"));
        while (sb.length() < 17) {
            sb.append(rng.pick(CODE_CHARS));
        }
        return sb.append(Uscc.checkCharacter(sb.toString())).toString();
    }

    /** A valid resident identity number for a person born in the region on that day. */
    static String identityNumber(Rand rng, String regionCode, LocalDate birth) {
        int sequence = rng.between(0, 999);
        String body = regionCode + birth.format(DateTimeFormatter.BASIC_ISO_DATE)
                + (sequence < 100 ? sequence < 10 ? "00" : "0" : "") + sequence;
        return body + ResidentIdNumber.checkCharacter(body);
    }

    static String mobile(Rand rng) {
        String digits = Integer.toString(rng.between(0, 99_999_999));
        return rng.pick(MOBILE_PREFIX) + "00000000".substring(digits.length()) + digits;
    }

    /** Merchant name; now and then an English name with a comma, or quotes, so CSV quoting matters. */
    static String merchantName(Rand rng, Regions.Region region, boolean individual) {
        if (!individual && rng.chance(0.01)) {
            return rng.pick(ENGLISH);
        }
        String brand = rng.pick(BRAND) + rng.pick(BRAND);
        if (individual) {
            return brand + (rng.chance(0.5) ? "的小店" : "个人店");
        }
        if (rng.chance(0.01)) {
            return region.city() + "\"" + brand + "\"" + rng.pick(TRADE) + "有限公司";
        }
        return region.city() + brand + rng.pick(TRADE) + "有限公司";
    }

    static String agencyName(Rand rng, Regions.Region region) {
        if (rng.chance(0.01)) {
            return rng.pick(ENGLISH);
        }
        return region.city() + rng.pick(BRAND) + rng.pick(BRAND) + rng.pick(AGENCY);
    }

    /** A stable nickname for an anchor account, derived from the account's index (nothing stored). */
    static String nickname(long seed, int anchor) {
        Rand rng = Rand.derive(seed, "nickname", anchor);
        return rng.pick(NICK_HEAD) + rng.pick(NICK_BODY) + rng.pick(NICK_TAIL);
    }
}
