package org.livegov.jobs.adapters;

import org.livegov.metrics.ids.CompanyNames;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.time.ZoneOffset;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Hand-worked values for the small parsers shared by the adapters. */
class AdapterHelpersTest {

    @Test
    void durationText() {
        // 13*3600 + 46*60 + 38 = 46800 + 2760 + 38
        assertEquals(Optional.of(Duration.ofSeconds(49_598)), SourceValues.duration("13hours46minutes38seconds"));
        assertEquals(Optional.of(Duration.ofSeconds(584)), SourceValues.duration("9minutes44seconds")); // 9*60+44
        assertEquals(Optional.of(Duration.ofSeconds(42)), SourceValues.duration("42seconds"));
        assertEquals(Optional.of(Duration.ofSeconds(11_220)), SourceValues.duration("3hours7minutes")); // 3*3600+7*60
        assertEquals(Optional.of(Duration.ofSeconds(3_605)), SourceValues.duration("1hours5seconds"));
        assertEquals(Optional.of(Duration.ofSeconds(49_598)), SourceValues.duration("13小时46分38秒"));
        assertEquals(Optional.of(Duration.ofSeconds(60)), SourceValues.duration(" 1 minute "));
        assertEquals(Optional.empty(), SourceValues.duration(""));
        assertEquals(Optional.empty(), SourceValues.duration("about three hours"));
        assertEquals(Optional.empty(), SourceValues.duration("13:46:38"));
    }

    @Test
    void moneyText() {
        assertEquals("11674555.88", SourceValues.money("11674555.88"));
        assertEquals("1234.50", SourceValues.money("¥1,234.50"));
        assertEquals("12345", SourceValues.money("12，345 元"));
        assertEquals("12000", SourceValues.money("1.2万")); // 1.2 * 10^4
        assertEquals("300000000", SourceValues.money("3亿")); // 3 * 10^8
        assertEquals("12345", SourceValues.money("1.2345w"));
        assertEquals("1.23", SourceValues.money("1.230"));
        assertEquals("0", SourceValues.money("0"));
        assertEquals("-5", SourceValues.money("-5"));
        assertEquals("", SourceValues.money(" "));
        // Not money: landed unchanged for the pipeline to quarantine (BAD_MONEY).
        assertEquals("1.234", SourceValues.money("1.234"));
        assertEquals("3.40%", SourceValues.money("3.40%"));
        assertEquals("n/a", SourceValues.money("n/a"));
    }

    @Test
    void countText() {
        assertEquals("4146340", SourceValues.count("4,146,340"));
        assertEquals("15000", SourceValues.count("1.5w"));
        assertEquals("0", SourceValues.count("0"));
        assertEquals("", SourceValues.count(""));
        assertEquals("12.5", SourceValues.count("12.5"));
        assertEquals("0.15%", SourceValues.count("0.15%"));
    }

    @Test
    void datesAndInstants() {
        assertEquals("2023-08-25T00:00:00-04:00", SourceValues.instant("2023-08-25", SourceValues.US_EASTERN)); // EDT
        assertEquals("2024-01-05T00:00:00-05:00", SourceValues.instant("01/05/2024", SourceValues.US_EASTERN)); // EST
        assertEquals("2021-08-31T11:53:00+08:00", SourceValues.instant("2021/8/31 11:53", SourceValues.BEIJING));
        assertEquals("2021-06-01T07:05:09+08:00", SourceValues.instant("2021/6/1 7:05:09", SourceValues.BEIJING));
        assertEquals("2024-03-14T00:01:26Z", SourceValues.instant("2024-03-14 00:01:26", ZoneOffset.UTC));
        assertEquals("2024-03-14T00:01:26+01:00", SourceValues.instant("2024-03-14T00:01:26+01:00", ZoneOffset.UTC));
        assertEquals("", SourceValues.instant(" ", ZoneOffset.UTC));
        assertEquals("yesterday", SourceValues.instant("yesterday", ZoneOffset.UTC));
        assertEquals("true", SourceValues.yesNo("Yes"));
        assertEquals("", SourceValues.yesNo("N/A"));
        assertEquals("maybe", SourceValues.yesNo("maybe"));
    }

    @Test
    void companyNameKeys() {
        assertEquals("alohma", CompanyNames.key("Alohma LLC d/b/a Kure CBD & Vape"));
        assertEquals("alohma", CompanyNames.key("Alohma, LLC, d/b/a Kure CBD & Vape"));
        assertEquals("eli-lilly", CompanyNames.key("Eli Lilly and Company"));
        assertEquals("wells-fargo", CompanyNames.key("WELLS FARGO & COMPANY"));
        assertEquals("patcos-cosmetics", CompanyNames.key("Patcos Cosmetics Pvt. Ltd."));
        assertEquals("kbr", CompanyNames.key("KBR INC DBA RASH CURTIS & ASSOCIATES"));
        assertEquals("aq-usa", CompanyNames.key("AQ USA Inc., d.b.a Ross Healthcare Inc."));
        assertEquals("agila", CompanyNames.key("Agila Corporation dba Woody’s Pet Food Deli"));
        assertEquals("jaydes-vapor-lounge", CompanyNames.key("Jayde’s Vapor Lounge"));
        assertEquals("jaydes-vapor-lounge", CompanyNames.key("Jayde's Vapor Lounge, Inc"));
        assertEquals("cbe-group", CompanyNames.key("The CBE Group, Inc."));
        assertEquals("citibank-na", CompanyNames.key("CITIBANK, N.A."));
        assertEquals("amazoncom", CompanyNames.key("Amazon.com, Inc."));
        assertEquals("curexa-east", CompanyNames.key("Curexa – East, LLC dba Curexa"));
        assertEquals("beijing-xinggu-lvsan-technology", CompanyNames.key(
                "Beijing Xinggu Lvsan Technology Co., Ltd. Formerly known as Beijing Lvsan Technology Co., Ltd."));
        assertEquals("societe-generale", CompanyNames.key("Société Générale S.A."));
        assertEquals("company-inc", CompanyNames.key("Company Inc."), "never strip to nothing");
        assertEquals("dba-holdings", CompanyNames.key("DBA Holdings"), "nothing before the marker: whole name");
        assertEquals("", CompanyNames.key(" "));
    }
}
