"""The 17 regions and the 3 cities of republican significance (since the 2022 reform)."""

from __future__ import annotations

from enum import StrEnum

from domain.labels import Label, register_labels

__all__ = ["Region"]


class Region(StrEnum):
    ABAI = "ABAI"
    AKMOLA = "AKMOLA"
    AKTOBE = "AKTOBE"
    ALMATY_REGION = "ALMATY_REGION"
    ATYRAU = "ATYRAU"
    WEST_KAZAKHSTAN = "WEST_KAZAKHSTAN"
    ZHAMBYL = "ZHAMBYL"
    ZHETISU = "ZHETISU"
    KARAGANDA = "KARAGANDA"
    KOSTANAY = "KOSTANAY"
    KYZYLORDA = "KYZYLORDA"
    MANGYSTAU = "MANGYSTAU"
    PAVLODAR = "PAVLODAR"
    NORTH_KAZAKHSTAN = "NORTH_KAZAKHSTAN"
    TURKISTAN = "TURKISTAN"
    ULYTAU = "ULYTAU"
    EAST_KAZAKHSTAN = "EAST_KAZAKHSTAN"
    ASTANA = "ASTANA"
    ALMATY = "ALMATY"
    SHYMKENT = "SHYMKENT"

    @property
    def is_city(self) -> bool:
        return self in (Region.ASTANA, Region.ALMATY, Region.SHYMKENT)


register_labels(
    Region,
    {
        Region.ABAI: Label(kk="Абай облысы", ru="область Абай"),
        Region.AKMOLA: Label(kk="Ақмола облысы", ru="Акмолинская область"),
        Region.AKTOBE: Label(kk="Ақтөбе облысы", ru="Актюбинская область"),
        Region.ALMATY_REGION: Label(kk="Алматы облысы", ru="Алматинская область"),
        Region.ATYRAU: Label(kk="Атырау облысы", ru="Атырауская область"),
        Region.WEST_KAZAKHSTAN: Label(
            kk="Батыс Қазақстан облысы", ru="Западно-Казахстанская область"
        ),
        Region.ZHAMBYL: Label(kk="Жамбыл облысы", ru="Жамбылская область"),
        Region.ZHETISU: Label(kk="Жетісу облысы", ru="область Жетісу"),
        Region.KARAGANDA: Label(kk="Қарағанды облысы", ru="Карагандинская область"),
        Region.KOSTANAY: Label(kk="Қостанай облысы", ru="Костанайская область"),
        Region.KYZYLORDA: Label(kk="Қызылорда облысы", ru="Кызылординская область"),
        Region.MANGYSTAU: Label(kk="Маңғыстау облысы", ru="Мангистауская область"),
        Region.PAVLODAR: Label(kk="Павлодар облысы", ru="Павлодарская область"),
        Region.NORTH_KAZAKHSTAN: Label(
            kk="Солтүстік Қазақстан облысы", ru="Северо-Казахстанская область"
        ),
        Region.TURKISTAN: Label(kk="Түркістан облысы", ru="Туркестанская область"),
        Region.ULYTAU: Label(kk="Ұлытау облысы", ru="область Ұлытау"),
        Region.EAST_KAZAKHSTAN: Label(
            kk="Шығыс Қазақстан облысы", ru="Восточно-Казахстанская область"
        ),
        Region.ASTANA: Label(kk="Астана қаласы", ru="город Астана"),
        Region.ALMATY: Label(kk="Алматы қаласы", ru="город Алматы"),
        Region.SHYMKENT: Label(kk="Шымкент қаласы", ru="город Шымкент"),
    },
)
