# Two commands for a fresh machine: `make demo` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
HIR := $(BIN)/hir-docs
STAMP := $(VENV)/.installed

.PHONY: demo test lint forms examples clean serve

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip
	$(BIN)/python -m pip install -q -e '.[test]'
	$(BIN)/python -m compileall -q hir_docs  # bytecode, as a regular pip install writes it
	touch $(STAMP)

demo: $(STAMP)
	@echo "== 1. Kontrol af eksemplets indsendelse (examples/viborg) =="
	$(HIR) check examples/viborg
	@echo
	@echo "== 2. Rapporter ud fra projektdata (examples/viborg/projektdata.xlsx) -> out/ =="
	$(HIR) render status examples/viborg/projektdata.xlsx --period 2018-H2 \
		--registrations examples/viborg/registreringsskema.xlsx \
		--relocated examples/viborg/fraflyttede_borgere.xlsx --out out/ --force
	$(HIR) render final examples/viborg/projektdata.xlsx --out out/ --force
	$(HIR) render accounts examples/viborg/projektdata.xlsx --out out/ --force
	$(HIR) render accounts examples/viborg/projektdata.xlsx --period 2018-H2 --out out/ --force
	@echo "   (hver rapport har en maskinlæsbar bilagsfil (.json) ved siden af: se docs/annex.md)"
	@echo
	@echo "== 3. STAR: oversigt over en indbakke med flere kommuner (examples/inbox) =="
	@echo "   (indbakken har med vilje en kommune med fejl og en ødelagt fil: exit-kode 1 er ventet)"
	$(HIR) bulk examples/inbox --out out/oversigt.xlsx --force; test $$? -le 1
	@echo "   Opfølgning på projekterne med tilsagn (examples/followup: til tiden, forsinket,"
	@echo "   budgetændring uden godkendelse; exit-kode 1 er ventet)"
	$(HIR) followup examples/followup --today 2019-07-15 --out out/opfoelgning.xlsx --force; \
		test $$? -le 1
	@echo
	@echo "== 3b. STAR: afgørelser, tilsagnsbreve, afslag og tilsagnsfiler (out/breve; docs/grant-record.md) =="
	@echo "   (Odense har med vilje ingen afgørelse: en info, intet brev)"
	$(HIR) grants decisions out/oversigt.xlsx --out out/afgoerelser.xlsx --force
	$(BIN)/python examples/decide.py out/afgoerelser.xlsx
	$(HIR) grants letters out/afgoerelser.xlsx --inbox examples/inbox --out out/breve --today 2018-03-15 --force
	$(HIR) report init --grant out/breve/tilsagn_813.json \
		--application examples/inbox/Frederikshavn/ansøgning.docx \
		--budget examples/inbox/Frederikshavn/budget.xlsx --out out/breve/projektdata_813.xlsx --force
	@echo
	@echo "== 4. Fundene i brugerens egne filer: kommentarer i Word og Excel (out/kommenteret) =="
	@echo "   (en kopi af eksemplet med en fejl i budgettet: exit-kode 1 er ventet)"
	$(BIN)/python examples/make_error_copy.py out/fejl
	$(HIR) check out/fejl --annotate out/kommenteret --force; test $$? -le 1
	@echo
	@echo "== 5. Puljerne: hvad hir-docs kender, og om puljemappen er gyldig (docs/pools.md) =="
	$(HIR) pools
	$(HIR) pools check hir_docs/pools/hir
	$(HIR) pools check hir_docs/pools/flere-skal-med
	$(HIR) pools check hir_docs/pools/virksomhedsrettet
	$(HIR) pools check docs/pool-template
	@echo
	@echo "== 6. Flere skal med: aktivitetsregister og progressionsmåling (examples/flere-skal-med) =="
	@echo "   (progressionsskemaet mangler med vilje en opfølgning: exit-kode 1 er ventet)"
	$(HIR) check examples/flere-skal-med --today 2018-09-30; test $$? -le 1
	@echo "   Aktivitetskravet til 3. rate (40 % tre måneder i træk; en prognose) -> out/flere-skal-med/"
	$(HIR) payment examples/flere-skal-med/aktivitetsregister.xlsx --grant 1200000 \
		--out out/flere-skal-med --force
	@echo
	@echo "== 7. Koordineret virksomhedsrettet indsats (2011): resultatbaseret udbetaling pr. kvartal =="
	$(HIR) check examples/virksomhedsrettet
	$(HIR) payment examples/virksomhedsrettet/deltagerregister.xlsx --per-participant 10000 \
		--participants 6 --start 2011-08-15 --out out/virksomhedsrettet --force
	@echo
	@echo "Færdig. Se rapporterne, oversigten, de kommenterede kopier og opgørelserne i out/."

serve: $(STAMP)  # the web pages on http://127.0.0.1:8000/ (make serve PORT=9000)
	$(HIR) serve --port $(or $(PORT),8000)

lint: $(STAMP)
	$(BIN)/ruff check hir_docs tests benchmarks examples
	$(BIN)/ruff format --check hir_docs tests benchmarks examples
	$(BIN)/mypy

test: $(STAMP) lint
	HIR_REQUIRE_ALL_RULES=1 $(BIN)/pytest -q

forms: $(STAMP)
	$(HIR) forms forms --force
	$(BIN)/python -m hir_docs.render.template_files templates/

examples: $(STAMP)
	$(BIN)/python examples/build_application.py
	$(BIN)/python examples/build_budget.py
	$(BIN)/python examples/build_citizens.py
	$(BIN)/python examples/build_projectdata.py
	$(BIN)/python examples/build_inbox.py
	$(BIN)/python examples/build_followup.py
	$(BIN)/python examples/build_registers.py

clean:
	rm -rf $(VENV) out .pytest_cache .mypy_cache .ruff_cache
