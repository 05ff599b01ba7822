package dev.facet.bench.http;

import dev.facet.contracts.data.DiamondsCsv;
import dev.facet.contracts.data.LabelledDiamond;
import dev.facet.contracts.json.Json;
import dev.facet.contracts.schema.DiamondValidator;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

class LuaRowsTest {

    @Test
    void everyRowIsAValidRequestBodyInALuaLongString() throws Exception {
        List<LabelledDiamond> rows = DiamondsCsv.loadBundled().rows().subList(0, 50);
        String lua = LuaRows.lua(rows);
        assertThat(lua).contains("return {").endsWith("}\n");
        Matcher m = Pattern.compile("\\[\\[(.*?)]],").matcher(lua);
        int n = 0;
        while (m.find()) {
            @SuppressWarnings("unchecked")
            Map<String, Object> json = Json.MAPPER.readValue(m.group(1), Map.class);
            DiamondValidator.Result r = DiamondValidator.validate(json);
            assertThat(r.valid()).as(m.group(1)).isTrue();
            assertThat(r.diamond()).isEqualTo(rows.get(n).diamond());
            n++;
        }
        assertThat(n).isEqualTo(50);
    }
}
