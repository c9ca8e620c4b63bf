import pytest

from extractors.form.normalise import clean_name, fold, join_fragments, normalise_text

pytestmark = pytest.mark.fast  # pure: no subprocess, server or browser (make test-fast)


@pytest.mark.parametrize(
    ("printed", "name"),
    [
        ("총 무 과", "총무과"),
        ("\u3000 경 상 적 세 외 수 입\u3000", "경상적세외수입"),
        ("\u3000\u3000재활용품수거판매수입", "재활용품수거판매수입"),
        ("구 을지로별관 경계면", "구 을지로별관 경계면"),
        ("민간위탁기관 대관료 등", "민간위탁기관 대관료 등"),
        ("계", "계"),
        ("\uf000 세입예산", "세입예산"),
        ("수련원촉탁계약직  (청소)", "수련원촉탁계약직 (청소)"),
    ],
)
def test_clean_name(printed, name):
    assert clean_name(printed) == name


def test_fragments_join_with_a_space_or_directly_before_a_parenthesis():
    attached = join_fragments(["\u3000\u3000재산임대수입", "(공유재산 임대료)"])
    assert attached == "재산임대수입(공유재산 임대료)"
    spaced = join_fragments(["사무실 재배치에 따른 시설 ", "개·보수"])
    assert spaced == "사무실 재배치에 따른 시설 개·보수"
    assert join_fragments(["이름 하나", ""]) == "이름 하나"


def test_middle_dots_are_kept_in_names_and_folded_in_keys():
    assert clean_name("지방행정제재ㆍ부과금") == "지방행정제재ㆍ부과금"
    folded = {fold("지방행정제재ㆍ부과금"), fold("지방행정제재‧부과금"), fold("지방행정제재 · 부과금")}
    assert len(folded) == 1


def test_normalisation_is_nfc_not_nfkc():
    decomposed = "\u1100\u1161"  # 가 as conjoining jamo
    assert normalise_text(decomposed + " Ⅰ. ① （가）\r") == "가 Ⅰ. ① （가）"
